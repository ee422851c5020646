// @vitest-environment node
import { describe, expect, it } from "vitest";
import { imageArchiveError, imageRefError, zipFileError } from "./scanRequestRules";

describe("the scan dialog's checks", () => {
  it.each(["alpine:3.19", "ghcr.io/org/app:1.2.3", "localhost:5000/team/app", "library/nginx@sha256:" + "a".repeat(64), "my-registry.example.com:443/a/b_c:v1"])(
    "accepts the image reference %s",
    (ref) => expect(imageRefError(ref)).toBeNull(),
  );

  it.each(["Alpine:3.19", "-oops:1", "alpine:", "alpine:3.19 ", "https://ghcr.io/org/app", "a//b", "app:" + "x".repeat(200)])(
    "refuses the image reference %s with the API's words",
    (ref) => expect(imageRefError(ref)).toMatch(/is not a container image reference|characters long/),
  );

  it("asks for a reference when the field is empty, and refuses one over 512 characters", () => {
    expect(imageRefError("  ")).toMatch(/Enter an image reference/);
    expect(imageRefError("a/".repeat(300) + "b")).toBe("'metadata.image_ref' is 601 characters long; the limit is 512.");
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
