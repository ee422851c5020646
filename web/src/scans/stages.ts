/** The progress view's names for the pipeline's stage slugs (the slugs stay visible: they are the API's contract). */
export const stageLabels: Record<string, string> = {
  bootstrap: "Bootstrapping",
  fetch: "Fetching source",
  prep: "Preparing manifests",
  cdxgen: "Detecting components",
  scancode: "Detecting first-party licenses",
  dt_upload: "Resolving vulnerabilities",
  dt_findings: "Persisting findings",
  finalize: "Finalizing",
};

export const stageLabel = (slug: string): string => stageLabels[slug] ?? slug;
