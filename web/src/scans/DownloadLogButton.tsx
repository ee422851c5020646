import { useState } from "react";
import type { ApiClient } from "../api/client";
import { toApiError, type ApiError } from "../api/problem";
import { ProblemMessage } from "../components/ProblemMessage";

interface Props {
  api: ApiClient;
  scanId: string;
}

/**
 * Saves the scan's whole stored log (every stage, past the ~500 lines the panel keeps). The download needs the
 * API key, which a plain link cannot send, so the text is fetched and handed to the browser as a file.
 */
export function DownloadLogButton({ api, scanId }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const url = URL.createObjectURL(await api.logText(scanId));
      const link = document.createElement("a");
      link.href = url;
      link.download = `scan-${scanId}.log`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button" onClick={download} disabled={busy}>
        {busy ? "Downloading…" : "Download log"}
      </button>
      {error && <ProblemMessage error={error} />}
    </>
  );
}
