import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";

interface ScanDrawerApi {
  scanId: string | null;
  notice: string | null;
  /** Opens the progress drawer on a scan (kept in the URL as ?scan=, so a reload reopens it). */
  openScan(scanId: string, notice?: string): void;
  closeScan(): void;
}

const ScanDrawerContext = createContext<ScanDrawerApi | null>(null);

export function ScanDrawerProvider({ children }: { children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  const scanId = params.get("scan");

  const openScan = useCallback(
    (id: string, message?: string) => {
      setNotice(message ?? null);
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set("scan", id);
        return next;
      });
    },
    [setParams],
  );

  const closeScan = useCallback(() => {
    setNotice(null);
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.delete("scan");
      return next;
    });
  }, [setParams]);

  const value = useMemo(() => ({ scanId, notice, openScan, closeScan }), [scanId, notice, openScan, closeScan]);
  return <ScanDrawerContext.Provider value={value}>{children}</ScanDrawerContext.Provider>;
}

export function useScanDrawer(): ScanDrawerApi {
  const value = useContext(ScanDrawerContext);
  if (!value) throw new Error("useScanDrawer outside ScanDrawerProvider");
  return value;
}
