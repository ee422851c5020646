import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The app is served by the API's own host (same origin), so every URL it calls is relative.
// `npm run dev` proxies the API to a running `./dev up` (APP_PORT, default 7071).
const api = `http://127.0.0.1:${(globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.APP_PORT ?? "7071"}`;

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    rollupOptions: {
      // @microsoft/signalr ships /*#__PURE__*/ comments Rollup cannot place; harmless, and noisy on every build.
      onwarn(warning, warn) {
        if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("@microsoft/signalr")) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      "/v1": api,
      "/health": api,
      "/hubs": { target: api, ws: true },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
    // The contrast test reads styles.css as text (?raw), which vitest would otherwise replace with "".
    css: { include: [/styles\.css/] },
  },
});
