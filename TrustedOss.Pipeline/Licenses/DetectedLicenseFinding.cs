namespace TrustedOss.Pipeline.Licenses;

/// <summary>How a first-party license was found.</summary>
public enum DetectionMethod
{
    /// <summary>An `SPDX-License-Identifier:` tag (scancode: the `1-spdx-id` matcher).</summary>
    Tag,

    /// <summary>A license file (LICENSE*, LICENCE*, COPYING*, NOTICE*, UNLICENSE) matched against license texts.</summary>
    LicenseFile,

    /// <summary>A license notice in a source file's comments matched against license texts.</summary>
    Header,
}

/// <summary>One detected (first-party) license (spec "Detected vs. declared").</summary>
/// <param name="SpdxExpression">Normalized SPDX expression.</param>
/// <param name="SourcePath">Path of the file it came from, relative to the scanned root, with forward slashes.</param>
/// <param name="Confidence">0–100: 100 for a tag, the text similarity for license files and headers.</param>
public sealed record DetectedLicenseFinding(string SpdxExpression, string SourcePath, int Confidence, DetectionMethod Method);

public static class DetectionMethodNames
{
    /// <summary>The method as stored: tag | license-file | header.</summary>
    public static string ToWire(this DetectionMethod method) => method switch
    {
        DetectionMethod.Tag => "tag",
        DetectionMethod.LicenseFile => "license-file",
        _ => "header",
    };
}
