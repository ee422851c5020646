using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Tests.Integration.SelfHost.Samples;

namespace TrustedOss.Tests.Unit.SelfHost;

public sealed class FunctionsStyleOrchestrationContextTests
{
    static FunctionsStyleOrchestrationContext With(object? input) =>
        new(new Mock<TaskOrchestrationContext>(MockBehavior.Strict).Object, input, NullLoggerFactory.Instance);

    [Fact]
    public void GetInput_converts_camelCase_JSON_to_the_requested_type()
    {
        JsonElement json = JsonDocument.Parse("""{"name":"ada","punctuation":"!"}""").RootElement;

        Assert.Equal(new GreetingRequest("ada", "!"), With(json).GetInput<GreetingRequest>());
    }

    [Fact]
    public void GetInput_of_a_missing_input_is_the_default()
    {
        Assert.Null(With(null).GetInput<GreetingRequest>());
        Assert.Equal(0, With(null).GetInput<int>());
    }

    [Fact]
    public void GetInput_converts_an_already_typed_input_through_JSON_when_the_types_differ()
    {
        var typed = new Dictionary<string, string> { ["NAME"] = "grace", ["punctuation"] = "?" };

        Assert.Equal(new GreetingRequest("grace", "?"), With(typed).GetInput<GreetingRequest>());
        Assert.Same(typed, With(typed).GetInput<Dictionary<string, string>>());
    }

    [Fact]
    public async Task Durable_calls_go_to_the_worker_context()
    {
        var inner = new Mock<TaskOrchestrationContext>(MockBehavior.Strict);
        inner.Setup(c => c.CallActivityAsync<string>(new TaskName("Fetch"), "input", null)).Returns(Task.FromResult("fetched"));
        inner.SetupGet(c => c.InstanceId).Returns("scan-1");
        var context = new FunctionsStyleOrchestrationContext(inner.Object, null, NullLoggerFactory.Instance);

        Assert.Equal("fetched", await context.CallActivityAsync<string>("Fetch", "input"));
        Assert.Equal("scan-1", context.InstanceId);
    }
}
