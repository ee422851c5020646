// @vitest-environment node
import { describe, expect, it } from "vitest";
import { imageArchiveError, imageRefError, zipFileError } from "./scanRequestRules";

describe("the scan dialog's checks", () => {
  // The cases of TrustedOss.Tests/Unit/Images/ImageReferenceTests.cs: the dialog and the API agree.
  const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  it.each([
    "alpine:3.19",
    "alpine",
    "org/app",
    "ghcr.io/org/app:1.2.3",
    "registry.example.com:5000/team/app-server:v2",
    "localhost/app",
    "myregistry:5000/app",
    "127.0.0.1:5000/a/b__c/d-e:V_1.0",
    `app@${digest}`,
    `ghcr.io/org/app:1@${digest}`,
  ])("accepts the image reference %s", (ref) => expect(imageRefError(ref)).toBeNull());

  it.each([
    ["alpine:3.19 ; rm -rf /", "no spaces"],
    ["alpine :3.19", "no spaces"],
    ["alpine:3.19\n", "no spaces"],
    ["Alpine:3.19", "lowercase"],
    ["MyOrg/app:1", "lowercase"],
    ["ghcr.io/Org/app:1", "lowercase"],
    ["--flag", "starts with '-'"],
    ["-oops:1", "starts with '-'"],
    ["alpine::3", "lowercase"],
    ["ghcr.io/org/app:", "lowercase"],
    ["app@sha256:abc", "lowercase"],
    ["app@md5:0123456789abcdef0123456789abcdef", "lowercase"],
    ["app:-tag", "lowercase"],
    ["https://ghcr.io/org/app", "lowercase"],
  ])("refuses the image reference %j with the API's words and reason (%s)", (ref, reason) => {
    const error = imageRefError(ref);
    expect(error).toMatch(/^'metadata\.image_ref' is not a container image reference \(.*\), e\.g\. alpine:3\.19 or ghcr\.io\/org\/app:1\.2\.3\.$/);
    expect(error).toContain(reason);
  });

  it("asks for a reference when the field is empty, and refuses one over 512 characters or with a repository over 255", () => {
    expect(imageRefError("  ")).toMatch(/Enter an image reference/);
    expect(imageRefError("a/" + "b".repeat(2046))).toContain("it is 2048 characters long; the limit is 512");
    expect(imageRefError("a" + "b".repeat(300))).toContain("the repository name is longer than 255 characters");
  });

  it("takes only a non-empty .zip as a source upload", () => {
    expect(zipFileError({ name: "src.ZIP", size: 10 })).toBeNull();
    expect(zipFileError({ name: "src.tar", size: 10 })).toBe("'src.tar' is not a .zip file.");
    expect(zipFileError({ name: "src.zip", size: 0 })).toBe("The file is empty.");
    expect(zipFileError(null)).toBe("Choose a .zip file.");
  });

  it("takes docker-save and OCI archives as image archives", () => {
    expect(imageArchiveError({ name: "app.tar", size: 10 })).toBeNull();
    expect(imageArchiveError({ name: "app.tar.gz", size: 10 })).toBeNull();
    expect(imageArchiveError({ name: "app.zip", size: 10 })).toMatch(/not an image archive/);
  });
});
