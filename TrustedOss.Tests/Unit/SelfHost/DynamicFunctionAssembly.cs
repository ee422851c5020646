using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Azure.Functions.Worker;

namespace TrustedOss.Tests.Unit.SelfHost;

/// <summary>
/// Builds, in memory, an assembly with one static <c>[Function]</c> per spec. Signatures the self-host must
/// reject cannot live in this test assembly: the integration tests run discovery over all of it.
/// </summary>
internal static class DynamicFunctionAssembly
{
    /// <param name="functions">Function name, trigger attribute type for the first parameter, parameter types.</param>
    public static Assembly Build(params (string Name, Type Trigger, Type[] Parameters)[] functions)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Dynamic" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        TypeBuilder type = assembly.DefineDynamicModule("Functions").DefineType("Functions", TypeAttributes.Public | TypeAttributes.Class);
        int index = 0;
        foreach ((string name, Type trigger, Type[] parameters) in functions)
        {
            MethodBuilder method = type.DefineMethod($"Run{index++}", MethodAttributes.Public | MethodAttributes.Static, typeof(string), parameters);
            method.SetCustomAttribute(new CustomAttributeBuilder(typeof(FunctionAttribute).GetConstructor([typeof(string)])!, [name]));
            method.DefineParameter(1, ParameterAttributes.None, "trigger")
                .SetCustomAttribute(new CustomAttributeBuilder(trigger.GetConstructor(Type.EmptyTypes)!, []));
            for (int i = 1; i < parameters.Length; i++)
            {
                method.DefineParameter(i + 1, ParameterAttributes.None, $"extra{i}");
            }

            ILGenerator il = method.GetILGenerator();
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ret);
        }

        type.CreateType();
        return assembly;
    }
}
