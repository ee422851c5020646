using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Pipeline.Api;

/// <summary>Ids in URLs: anything that is not a UUID is simply a resource that does not exist.</summary>
public static class RouteIds
{
    public static Guid Parse(string what, string? value) =>
        Guid.TryParse(value, out var id) ? id : throw Problem.NotFound(what, value ?? "").ToException();
}
