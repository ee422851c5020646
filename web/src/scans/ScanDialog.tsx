import { useEffect, useRef, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";
import type { ApiClient, TriggerScan } from "../api/client";
import { toApiError, type ApiError } from "../api/problem";
import type { Project, ScanKind } from "../api/types";
import { ProblemMessage } from "../components/ProblemMessage";
import { imageArchiveError, imageArchiveExtensions, imageRefError, zipFileError } from "./scanRequestRules";
import { entryName, zipFolder, type FolderFile } from "./zipFolder";

type SourceMode = "git" | "zip" | "folder";
type ContainerMode = "image" | "archive";

interface Props {
  api: ApiClient;
  project: Project;
  onClose(): void;
  /** The scan was queued: open its drawer. */
  onStarted(scanId: string): void;
  /** 409: the project already has an active scan; open that one instead. */
  onAlreadyRunning(scanId: string): void;
}

/** The scan dialog: Source | Container at the top, how to provide it, the verbose toggle, Start scan. */
export function ScanDialog({ api, project, onClose, onStarted, onAlreadyRunning }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<ScanKind>("source");
  const [sourceMode, setSourceMode] = useState<SourceMode>(project.git_url ? "git" : "zip");
  const [containerMode, setContainerMode] = useState<ContainerMode>("image");
  const [zipFile, setZipFile] = useState<File | null>(null);
  const [folder, setFolder] = useState<FolderFile[] | null>(null);
  const [imageRef, setImageRef] = useState("");
  const [archive, setArchive] = useState<File | null>(null);
  const [verbose, setVerbose] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);

  useEffect(() => {
    const d = dialog.current;
    // React removes the dialog itself, so the browser's own focus return on close may never run.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => opener?.focus();
  }, []);
  useEffect(() => {
    // React has no prop for the folder picker's attribute.
    folderInput.current?.setAttribute("webkitdirectory", "");
  }, [kind, sourceMode]);

  const fieldError = (() => {
    if (kind === "source") {
      if (sourceMode === "git") return project.git_url ? null : "This project has no Git URL: upload a .zip or pick a folder.";
      if (sourceMode === "zip") return zipFileError(zipFile);
      if (!folder || folder.length === 0) return "Choose a folder.";
      return folder.some((f) => entryName(f) !== null) ? null : "The folder has no files to scan (.git and node_modules are left out).";
    }
    return containerMode === "image" ? imageRefError(imageRef) : imageArchiveError(archive);
  })();
  const showError = attempted || (kind === "container" && containerMode === "image" && imageRef !== "");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    setProblem(null);
    if (fieldError) {
      dialog.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
      return;
    }
    try {
      const request: TriggerScan = { kind, verbose };
      if (kind === "source" && sourceMode === "zip") request.file = zipFile!;
      if (kind === "source" && sourceMode === "folder") {
        setBusy("Zipping the folder…");
        const zipped = await zipFolder(folder!, (done, total) => setBusy(`Zipping the folder… ${done}/${total} files`));
        request.file = zipped.blob;
        request.fileName = zipped.fileName;
      }
      if (kind === "container" && containerMode === "image") request.imageRef = imageRef.trim();
      if (kind === "container" && containerMode === "archive") request.file = archive!;
      setBusy(request.file ? "Uploading… 0%" : "Starting…");
      const scan = await api.triggerScan(project.id, request, (f) => setBusy(`Uploading… ${Math.round(f * 100)}%`));
      onStarted(scan.id);
    } catch (err) {
      const error = toApiError(err);
      if (error.status === 409 && error.problem.scan_already_in_progress && error.problem.active_scan_id) {
        onAlreadyRunning(error.problem.active_scan_id);
        return;
      }
      setProblem(error);
    } finally {
      setBusy(null);
    }
  };

  const invalid = showError && fieldError ? true : undefined;
  const errorText = showError && fieldError ? (
    <p id="scan-field-error" className="field-error">
      {fieldError}
    </p>
  ) : null;
  const folderIncluded = folder ? folder.filter((f) => entryName(f) !== null).length : 0;

  // In <body>, not inside the table cell that holds the Scan button (which would style it).
  return createPortal(
    <dialog ref={dialog} className="modal" aria-labelledby="scan-dialog-title" onCancel={onClose} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id="scan-dialog-title">Scan {project.name}</h2>

        <div className="segmented" role="radiogroup" aria-label="Scan type">
          {(["source", "container"] as const).map((k) => (
            <label key={k} className={kind === k ? "selected" : ""}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {k === "source" ? "Source" : "Container"}
            </label>
          ))}
        </div>
        <p className="help">
          {kind === "source"
            ? "Runs cdxgen + scancode + Trivy on the project's source."
            : "Runs Trivy on a container image you name. The image must be pullable from the worker."}
        </p>

        {kind === "source" ? (
          <fieldset>
            <legend>Source</legend>
            <label className="choice">
              <input type="radio" name="source" checked={sourceMode === "git"} onChange={() => setSourceMode("git")} disabled={!project.git_url} />
              <span>
                Git URL
                <span className="choice-detail">
                  {project.git_url ? (
                    <>
                      <code>{project.git_url}</code> · branch <code>{project.default_branch}</code>
                    </>
                  ) : (
                    "This project has no Git URL."
                  )}
                </span>
              </span>
            </label>
            <label className="choice">
              <input type="radio" name="source" checked={sourceMode === "zip"} onChange={() => setSourceMode("zip")} />
              <span>Upload a .zip</span>
            </label>
            {sourceMode === "zip" && (
              <input
                className="file-input"
                type="file"
                accept=".zip,application/zip"
                aria-label="Source .zip file"
                aria-invalid={invalid}
                aria-describedby={invalid && "scan-field-error"}
                onChange={(e) => setZipFile(e.target.files?.[0] ?? null)}
              />
            )}
            <label className="choice">
              <input type="radio" name="source" checked={sourceMode === "folder"} onChange={() => setSourceMode("folder")} />
              <span>
                Folder, zipped in your browser
                <span className="choice-detail">.git and node_modules are left out; lock files are kept.</span>
              </span>
            </label>
            {sourceMode === "folder" && (
              <>
                <input
                  ref={folderInput}
                  className="file-input"
                  type="file"
                  multiple
                  aria-label="Source folder"
                  aria-invalid={invalid}
                  aria-describedby={invalid && "scan-field-error"}
                  onChange={(e) => setFolder(e.target.files ? Array.from(e.target.files) : null)}
                />
                {folder && (
                  <p className="help">
                    {folderIncluded} file{folderIncluded === 1 ? "" : "s"} to zip
                    {folder.length > folderIncluded ? ` (${folder.length - folderIncluded} left out)` : ""}.
                  </p>
                )}
              </>
            )}
            {errorText}
          </fieldset>
        ) : (
          <fieldset>
            <legend>Container image</legend>
            <label className="choice">
              <input type="radio" name="container" checked={containerMode === "image"} onChange={() => setContainerMode("image")} />
              <span>Image reference</span>
            </label>
            {containerMode === "image" && (
              <input
                className="text-input"
                type="text"
                value={imageRef}
                placeholder="alpine:3.19 or ghcr.io/org/app:1.2.3"
                aria-label="Image reference"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={invalid}
                aria-describedby={invalid && "scan-field-error"}
                onChange={(e) => setImageRef(e.target.value)}
              />
            )}
            <label className="choice">
              <input type="radio" name="container" checked={containerMode === "archive"} onChange={() => setContainerMode("archive")} />
              <span>
                Image archive
                <span className="choice-detail">A docker save or OCI archive (.tar, .tar.gz, .tgz).</span>
              </span>
            </label>
            {containerMode === "archive" && (
              <input
                className="file-input"
                type="file"
                accept={imageArchiveExtensions.join(",")}
                aria-label="Image archive"
                aria-invalid={invalid}
                aria-describedby={invalid && "scan-field-error"}
                onChange={(e) => setArchive(e.target.files?.[0] ?? null)}
              />
            )}
            {errorText}
          </fieldset>
        )}

        <label className="switch">
          <input type="checkbox" role="switch" checked={verbose} onChange={(e) => setVerbose(e.target.checked)} aria-describedby="verbose-help" />
          <span>Verbose logs (debug)</span>
        </label>
        <p id="verbose-help" className="help">
          Streams the full cdxgen / scancode / Trivy diagnostic output into the per-stage log panel, for this scan only. Output can be large, and a
          verbose source scan lists each scanned file's path.
        </p>

        <ProblemMessage error={problem} onDismiss={() => setProblem(null)} />
        {busy && (
          <p className="notice" role="status">
            {busy}
          </p>
        )}

        <footer className="modal-foot">
          <button type="button" className="button" onClick={onClose} disabled={busy !== null}>
            Close
          </button>
          <button type="submit" className="button primary" disabled={busy !== null}>
            Start scan
          </button>
        </footer>
      </form>
    </dialog>,
    document.body,
  );
}
