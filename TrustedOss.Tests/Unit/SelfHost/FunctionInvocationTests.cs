using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using TrustedOss.Functions.SelfHost;

namespace TrustedOss.Tests.Unit.SelfHost;

public sealed class FunctionInvocationTests
{
    readonly ServiceProvider services = new ServiceCollection().AddSingleton(new Greeter("Hi")).BuildServiceProvider();

    [Theory]
    [InlineData(nameof(Target.Sync), "Hi sync")]
    [InlineData(nameof(Target.TaskOfT), "Hi task")]
    [InlineData(nameof(Target.ValueTaskOfT), "Hi valuetask")]
    [InlineData(nameof(Target.PlainTask), null)]
    [InlineData(nameof(Target.Void), null)]
    public async Task Awaits_and_unwraps_what_the_method_returns(string method, string? expected)
    {
        MethodInfo info = typeof(Target).GetMethod(method)!;

        Assert.Equal(expected, await FunctionInvocation.InvokeAsync(info, services, [method.ToLowerInvariant() switch
        {
            "taskoft" => "task",
            "valuetaskoft" => "valuetask",
            var other => other,
        }]));
    }

    [Fact]
    public async Task Builds_the_declaring_class_from_DI_per_call_and_disposes_it()
    {
        Target.Disposed = 0;
        await FunctionInvocation.InvokeAsync(typeof(Target).GetMethod(nameof(Target.Sync))!, services, ["x"]);
        await FunctionInvocation.InvokeAsync(typeof(Target).GetMethod(nameof(Target.Sync))!, services, ["y"]);

        Assert.Equal(2, Target.Disposed);
    }

    [Fact]
    public async Task The_function_own_exception_surfaces_unwrapped()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => FunctionInvocation.InvokeAsync(typeof(Target).GetMethod(nameof(Target.Throws))!, services, ["boom"]));
        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public void Result_type_is_the_awaited_value_type()
    {
        Assert.Equal(typeof(string), FunctionInvocation.ResultType(typeof(Target).GetMethod(nameof(Target.TaskOfT))!));
        Assert.Equal(typeof(string), FunctionInvocation.ResultType(typeof(Target).GetMethod(nameof(Target.ValueTaskOfT))!));
        Assert.Equal(typeof(object), FunctionInvocation.ResultType(typeof(Target).GetMethod(nameof(Target.PlainTask))!));
    }

    public sealed record Greeter(string Word);

    public sealed class Target(Greeter greeter) : IDisposable
    {
        public static int Disposed;

        public string Sync(string s) => $"{greeter.Word} {s}";

        public async Task<string> TaskOfT(string s)
        {
            await Task.Yield();
            return $"{greeter.Word} {s}";
        }

        public async ValueTask<string> ValueTaskOfT(string s)
        {
            await Task.Yield();
            return $"{greeter.Word} {s}";
        }

        public async Task PlainTask(string s) => await Task.Yield();

        public void Void(string s)
        {
        }

        public string Throws(string s) => throw new InvalidOperationException(s);

        public void Dispose() => Interlocked.Increment(ref Disposed);
    }
}
