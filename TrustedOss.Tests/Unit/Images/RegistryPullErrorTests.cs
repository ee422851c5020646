using TrustedOss.Pipeline.Images;

namespace TrustedOss.Tests.Unit.Images;

public sealed class RegistryPullErrorTests
{
    private static ImageReference Ref(string value) => ImageReference.TryParse(value, out var r, out _) ? r : throw new ArgumentException(value);

    [Fact]
    public void Skopeos_fatal_line_becomes_one_line_naming_the_registry_error()
    {
        // skopeo 1.9.3's own words for a port that refuses (seen on this machine).
        string[] stderr = ["time=\"2026-12-04T11:39:29Z\" level=fatal msg=\"initializing source docker://127.0.0.1:1/app:1: pinging container registry 127.0.0.1:1: Get \\\"https://127.0.0.1:1/v2/\\\": dial tcp 127.0.0.1:1: connect: connection refused\""];

        var reason = RegistryPullError.Describe(Ref("127.0.0.1:1/app:1"), stderr, 1);

        Assert.Equal("Pulling 127.0.0.1:1/app:1 from 127.0.0.1:1 failed: pinging container registry 127.0.0.1:1: Get \"https://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused", reason);
    }

    [Fact]
    public void A_deadline_names_the_pull_timeout_setting()
    {
        string[] stderr = ["time=\"x\" level=fatal msg=\"initializing source docker://127.0.0.1:45999/app:1: pinging container registry 127.0.0.1:45999: Get \\\"https://127.0.0.1:45999/v2/\\\": context deadline exceeded\""];

        var reason = RegistryPullError.Describe(Ref("127.0.0.1:45999/app:1"), stderr, 1);

        Assert.EndsWith("context deadline exceeded (no answer within the pull timeout, setting IMAGE_PULL_TIMEOUT_SECONDS)", reason);
    }

    [Fact]
    public void Without_a_fatal_line_the_last_output_line_or_the_exit_code_is_the_reason_and_credentials_are_masked()
    {
        Assert.Equal("Pulling alpine:latest from docker.io failed: unauthorized: password=***",
            RegistryPullError.Describe(Ref("alpine"), ["", "unauthorized: password=hunter2", "  "], 1));
        Assert.Equal("Pulling alpine:3.19 from docker.io failed: skopeo exited with code 2 and no error output",
            RegistryPullError.Describe(Ref("alpine:3.19"), [], 2));
    }
}
