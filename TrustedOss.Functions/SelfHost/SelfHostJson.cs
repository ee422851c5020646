using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// The JSON rules the Functions isolated worker applies to durable inputs and outputs: its default
/// serializer is System.Text.Json with property names matched case-insensitively and written as declared.
/// The self-host must use the same rules, or a <c>{"name":…}</c> input silently binds to null (FACTS.md).
/// </summary>
public static class SelfHostJson
{
    /// <summary>Read-only: shared by the worker, the client and the activity input binding.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static DataConverter Converter { get; } = new JsonDataConverter(Options);

    static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
