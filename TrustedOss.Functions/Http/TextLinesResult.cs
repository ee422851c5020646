using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace TrustedOss.Functions.Http;

/// <summary>
/// A plain-text attachment written line by line as the lines are read, so a 20,000-line log is never
/// held in memory. Works the same on both hosts: each executes IActionResults against the response.
/// </summary>
public sealed class TextLinesResult(IAsyncEnumerable<string> lines, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var ct = context.HttpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        await foreach (var line in lines.WithCancellation(ct))
        {
            await writer.WriteAsync(line);
            await writer.WriteAsync('\n');
        }
        await writer.FlushAsync(ct);
    }
}
