import { Zip, ZipDeflate } from "fflate";

/** Folders left out of a browser-zipped source: version control and installed dependencies (the lock files stay). */
export const skippedFolders = new Set([".git", "node_modules", ".hg", ".svn"]);

export interface FolderFile {
  name: string;
  /** "myproject/src/index.js" for a file picked through a folder input. */
  webkitRelativePath: string;
  lastModified: number;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The zip entry name for a picked file: always relative, "/" separated, never absolute and never with
 * "." or ".." segments; null when the file is left out (a skipped folder, or an unusable path).
 */
export function entryName(file: Pick<FolderFile, "name" | "webkitRelativePath">): string | null {
  const raw = (file.webkitRelativePath || file.name).replace(/\\/g, "/");
  const segments = raw
    .replace(/^[A-Za-z]:/, "")
    .split("/")
    .filter((s) => s !== "" && s !== ".");
  if (segments.length === 0 || segments.includes("..")) return null;
  if (segments.slice(0, -1).some((s) => skippedFolders.has(s))) return null;
  return segments.join("/");
}

export interface ZipResult {
  blob: Blob;
  fileName: string;
  included: number;
  skipped: number;
}

/** The folder's name, for the upload's file name: the first segment the picked files share. */
export function folderName(files: ArrayLike<Pick<FolderFile, "name" | "webkitRelativePath">>): string {
  const first = files.length ? (entryName(files[0]) ?? "") : "";
  const top = first.includes("/") ? first.split("/")[0] : "source";
  return top.replace(/[^A-Za-z0-9._-]/g, "_") || "source";
}

/**
 * Zips a picked folder in the browser (fflate, streaming, one file at a time so the page stays
 * responsive). Entry names come from entryName; the top folder is kept, which the server treats as the root.
 */
export async function zipFolder(files: ArrayLike<FolderFile>, onProgress?: (done: number, total: number) => void): Promise<ZipResult> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  let included = 0;
  let skipped = 0;
  const seen = new Set<string>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const name = entryName(file);
    if (name === null || seen.has(name)) {
      skipped++;
      continue;
    }
    seen.add(name);
    const entry = new ZipDeflate(name, { level: 6 });
    // Zip timestamps start in 1980; anything earlier (or unknown) becomes now.
    entry.mtime = file.lastModified > Date.UTC(1980, 1, 1) ? file.lastModified : Date.now();
    zip.add(entry);
    entry.push(new Uint8Array(await file.arrayBuffer()), true);
    included++;
    onProgress?.(i + 1, files.length);
    if (failure) throw failure;
  }
  zip.end();
  if (failure) throw failure;
  if (included === 0) throw new Error("The folder has no files to scan (.git and node_modules are left out).");
  return { blob: new Blob(chunks as BlobPart[], { type: "application/zip" }), fileName: `${folderName(files)}.zip`, included, skipped };
}
