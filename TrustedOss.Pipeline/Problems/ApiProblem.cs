namespace TrustedOss.Pipeline.Problems;

/// <summary>
/// An RFC 7807 problem, independent of HTTP plumbing. Every error the API returns is built by
/// <see cref="Problem"/>, so titles, types and extension names stay consistent.
/// </summary>
/// <param name="Type">A stable slug; rendered as a URI under the product's problem namespace.</param>
/// <param name="Extensions">snake_case members added next to the standard ones (e.g. scan_already_in_progress).</param>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, object?>? Extensions = null);

/// <summary>Thrown by core services to end a request with a problem; hosts render it as problem+json.</summary>
public sealed class ProblemException(ApiProblem problem) : Exception(problem.Detail)
{
    public ApiProblem Problem { get; } = problem;
}
