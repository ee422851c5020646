using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Functions.Http;

/// <summary>
/// Reads POST /v1/projects/{id}/scans: JSON (`{"kind":…,"metadata":{…}}`, or no body), or multipart with a
/// `file` part (.zip source or image archive) plus optional `kind`, `verbosity`, `image_ref`, `ref` fields.
/// </summary>
public static class ScanTriggerRequest
{
    public static async Task<(TriggerScanRequest Request, ScanUpload? Upload)> ReadAsync(HttpRequest request, WorkspaceOptions limits)
    {
        if (!request.HasFormContentType)
            return (await ApiRequest.ReadJsonAsync<TriggerScanRequest>(request, emptyMeansDefault: true), null);

        if (request.ContentLength > limits.UploadMaxBytes + 64 * 1024)
            throw Problem.PayloadTooLarge($"The upload is larger than the limit of {limits.UploadMaxBytes} bytes (setting UPLOAD_MAX_BYTES).").ToException();
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limits.UploadMaxBytes, ValueCountLimit = 16 }, request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            // A file just over the limit (within the multipart framing allowance above), or a chunked body with no
            // Content-Length, passes the early check and trips the form reader's per-part limit instead.
            throw Problem.PayloadTooLarge($"The upload is larger than the limit of {limits.UploadMaxBytes} bytes (setting UPLOAD_MAX_BYTES).").ToException();
        }
        catch (InvalidDataException e)
        {
            throw Problem.MalformedMultipart($"The multipart body could not be read: {e.Message}").ToException();
        }
        var unknown = form.Keys.FirstOrDefault(k => k is not ("kind" or "verbosity" or "image_ref" or "ref"));
        if (unknown is not null) throw Problem.Invalid(unknown, $"Unknown form field '{unknown}'.").ToException();
        var file = form.Files.Count switch
        {
            0 => throw Problem.Invalid("file", "The multipart request has no file part; attach the .zip or image archive as 'file'.").ToException(),
            1 => form.Files[0],
            _ => throw Problem.Invalid("file", "Attach exactly one file.").ToException(),
        };
        if (file.Length == 0) throw Problem.Invalid("file", "The uploaded file is empty.").ToException();
        var trigger = new TriggerScanRequest(
            Value(form, "kind"),
            new ScanRequestMetadata(Value(form, "verbosity"), Value(form, "image_ref"), Value(form, "ref")));
        return (trigger, new ScanUpload(Path.GetFileName(file.FileName), file.OpenReadStream(), file.Length));
    }

    private static string? Value(IFormCollection form, string key) => form.TryGetValue(key, out var v) && v.Count > 0 ? v.ToString() : null;
}
