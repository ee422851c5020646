using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Tests.Integration.SelfHost.Samples;

namespace TrustedOss.Tests.Unit.SelfHost;

public sealed class DurableFunctionCatalogTests
{
    readonly DurableFunctionCatalog samples = DurableFunctionCatalog.Discover(typeof(SampleOrchestrators).Assembly);

    [Fact]
    public void Finds_the_orchestrators_and_activities_declared_with_Function_and_their_triggers()
    {
        Assert.Equal(
            ["SampleCallsFailing", "SampleCancellable", "SampleGreeting", "SampleGreetingByParameter", "SampleResumable"],
            samples.Orchestrators.Select(f => f.Name).Order());
        Assert.Equal(
            ["SampleBlockUntilReleased", "SampleFail", "SampleGreet", "SampleUpper"],
            samples.Activities.Select(f => f.Name).Order());
    }

    [Fact]
    public void Binds_context_input_and_cancellation_parameters_by_their_role()
    {
        DurableFunction byParameter = samples.Orchestrators.Single(f => f.Name == "SampleGreetingByParameter");
        Assert.Equal([DurableParameter.Context, DurableParameter.Input], byParameter.Parameters);
        Assert.Equal(typeof(GreetingRequest), byParameter.InputType);
        Assert.Equal(typeof(string), byParameter.OutputType);

        DurableFunction blocking = samples.Activities.Single(f => f.Name == "SampleBlockUntilReleased");
        Assert.Equal([DurableParameter.Input, DurableParameter.Cancellation], blocking.Parameters);
        Assert.Equal(typeof(string), blocking.InputType);

        DurableFunction greeting = samples.Orchestrators.Single(f => f.Name == "SampleGreeting");
        Assert.Equal(typeof(object), greeting.InputType);
        Assert.Equal(typeof(GreetingResult), greeting.OutputType);
    }

    [Fact]
    public void Rejects_a_FunctionContext_parameter_naming_the_function_and_the_alternative()
    {
        var assembly = DynamicFunctionAssembly.Build(("Stage", typeof(ActivityTriggerAttribute), [typeof(string), typeof(FunctionContext)]));

        var error = Assert.Throws<InvalidOperationException>(() => DurableFunctionCatalog.Discover(assembly));
        Assert.Contains("'Stage'", error.Message);
        Assert.Contains("FunctionContext exists only under the Functions host", error.Message);
    }

    [Fact]
    public void Rejects_an_orchestrator_with_two_input_parameters()
    {
        var assembly = DynamicFunctionAssembly.Build(
            ("Scan", typeof(OrchestrationTriggerAttribute), [typeof(TaskOrchestrationContext), typeof(string), typeof(int)]));

        var error = Assert.Throws<InvalidOperationException>(() => DurableFunctionCatalog.Discover(assembly));
        Assert.Contains("at most one input parameter", error.Message);
    }

    [Fact]
    public void Rejects_two_functions_with_the_same_name()
    {
        var assembly = DynamicFunctionAssembly.Build(
            ("Fetch", typeof(ActivityTriggerAttribute), [typeof(string)]),
            ("fetch", typeof(ActivityTriggerAttribute), [typeof(string)]));

        var error = Assert.Throws<InvalidOperationException>(() => DurableFunctionCatalog.Discover(assembly));
        Assert.Contains("declared more than once", error.Message);
    }
}
