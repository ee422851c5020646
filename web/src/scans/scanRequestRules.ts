// The scan dialog checks what the API checks (TrustedOss.Pipeline/Scans/ScanRequestRules.cs), with the
// same words, so a mistake is caught before an upload starts. The API stays the authority.

export const maxImageRefLength = 512;

// [registry[:port]/]name[:tag][@digest] — lowercase repository path, per the Docker reference grammar.
const imageReference =
  /^(?:(?<registry>[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]{1,5})?)\/)?(?<name>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}))?$/;

/** null when valid, else what is wrong (the API's own message). */
export function imageRefError(value: string): string | null {
  if (value.trim() === "") return "Enter an image reference, e.g. alpine:3.19, or upload an image archive.";
  if (value.length > maxImageRefLength) return `'metadata.image_ref' is ${value.length} characters long; the limit is ${maxImageRefLength}.`;
  if (value.startsWith("-") || !imageReference.test(value))
    return `'${value}' is not a container image reference: use [registry[:port]/]name[:tag][@digest] with a lowercase repository, e.g. alpine:3.19 or ghcr.io/org/app:1.2.3.`;
  return null;
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
  if (!imageArchiveExtensions.some((ext) => name.endsWith(ext))) return `'${file.name}' is not an image archive (.tar, .tar.gz or .tgz).`;
  if (file.size === 0) return "The file is empty.";
  return null;
}

/** The upload limit the API applies by default (UPLOAD_MAX_BYTES); the server's own value wins. */
export const defaultUploadMaxBytes = 200 * 1024 * 1024;
