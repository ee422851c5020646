using Microsoft.AspNetCore.Http;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Functions.Http;

/// <summary>Integer query parameters: absent is null, anything that is not an integer is 422 naming the parameter.</summary>
public static class QueryInts
{
    public static int? Read(HttpRequest req, string name)
    {
        var raw = req.Query[name].FirstOrDefault();
        if (raw is null) return null;
        return int.TryParse(raw, out var value) ? value : throw Problem.Invalid(name, $"'{name}' must be an integer.").ToException();
    }

    public static long? ReadLong(HttpRequest req, string name)
    {
        var raw = req.Query[name].FirstOrDefault();
        if (raw is null) return null;
        return long.TryParse(raw, out var value) ? value : throw Problem.Invalid(name, $"'{name}' must be an integer.").ToException();
    }
}
