// The scan dialog checks what the API checks (TrustedOss.Pipeline/Scans/ScanRequestRules.cs and, for image
// references, Images/ImageReference.cs), with the same words, so a mistake is caught before an upload
// starts. The API stays the authority.

export const maxImageRefLength = 512;

// [registry[:port]/]name[:tag][@digest], the Docker reference grammar (distribution/reference) exactly as
// TrustedOss.Pipeline/Images/ImageReference.cs applies it: the first path component is a registry only when
// it has a '.' or a ':' or is `localhost`; the repository is lowercase; the tag is at most 128 characters;
// the digest is sha256 (64 hex) or sha512 (128 hex).
const imageReference =
  /^(?:(?<registry>localhost(?::[0-9]{1,5})?|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+)\/)?(?<name>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?$/;

/** Why `value` is not an image reference the API accepts (ImageReference.TryParse's reasons), or null. */
function referenceProblem(value: string): string | null {
  if (value.length > maxImageRefLength) return `it is ${value.length} characters long; the limit is ${maxImageRefLength}`;
  if (value.startsWith("-")) return "it starts with '-'";
  const match = imageReference.exec(value);
  if (!match) return "use [registry[:port]/]name[:tag][@digest] with a lowercase repository and no spaces";
  if ((match.groups?.name ?? "").length > 255) return "the repository name is longer than 255 characters";
  return null;
}

/** null when valid, else what is wrong (the API's own message). */
export function imageRefError(value: string): string | null {
  if (value.trim() === "") return "Enter an image reference, e.g. alpine:3.19, or upload an image archive.";
  const problem = referenceProblem(value);
  return problem === null
    ? null
    : `'metadata.image_ref' is not a container image reference (${problem}), e.g. alpine:3.19 or ghcr.io/org/app:1.2.3.`;
}

/** A source upload must be a non-empty .zip (the API refuses anything else). */
export function zipFileError(file: { name: string; size: number } | null): string | null {
  if (!file) return "Choose a .zip file.";
  if (!file.name.toLowerCase().endsWith(".zip")) return `'${file.name}' is not a .zip file.`;
  if (file.size === 0) return "The file is empty.";
  return null;
}

/** An image archive as `docker save` or an OCI layout writes it. */
export const imageArchiveExtensions = [".tar", ".tar.gz", ".tgz"];

export function imageArchiveError(file: { name: string; size: number } | null): string | null {
  if (!file) return "Choose an image archive (docker save or OCI .tar).";
  const name = file.name.toLowerCase();
  if (!imageArchiveExtensions.some((ext) => name.endsWith(ext))) return `'${file.name}' is not an image archive: an image upload must be a docker-save or OCI archive (.tar, .tar.gz).`;
  if (file.size === 0) return "The file is empty.";
  return null;
}
