// @vitest-environment node
import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { entryName, folderName, zipFolder, type FolderFile } from "./zipFolder";

function picked(path: string, text: string): FolderFile {
  const bytes = new TextEncoder().encode(text);
  return {
    name: path.split("/").pop()!,
    webkitRelativePath: path,
    lastModified: Date.UTC(2026, 0, 2),
    size: bytes.length,
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
}

describe("zipping a picked folder", () => {
  it("names entries by their path inside the picked folder, relative and '/'-separated", () => {
    expect(entryName({ name: "index.js", webkitRelativePath: "demo-app/src/index.js" })).toBe("demo-app/src/index.js");
    expect(entryName({ name: "a.txt", webkitRelativePath: "/abs/path/a.txt" })).toBe("abs/path/a.txt");
    expect(entryName({ name: "a.txt", webkitRelativePath: "C:\\Users\\me\\proj\\a.txt" })).toBe("Users/me/proj/a.txt");
    expect(entryName({ name: "a.txt", webkitRelativePath: "proj/./src//a.txt" })).toBe("proj/src/a.txt");
    expect(entryName({ name: "x", webkitRelativePath: "proj/../../etc/passwd" })).toBeNull();
    expect(entryName({ name: "lone.txt", webkitRelativePath: "" })).toBe("lone.txt");
  });

  it("leaves out .git and node_modules at any depth", () => {
    expect(entryName({ name: "HEAD", webkitRelativePath: "proj/.git/HEAD" })).toBeNull();
    expect(entryName({ name: "index.js", webkitRelativePath: "proj/packages/a/node_modules/x/index.js" })).toBeNull();
    expect(entryName({ name: "node_modules", webkitRelativePath: "proj/node_modules" })).toBe("proj/node_modules");
  });

  it("writes a zip whose entries are the relative paths and contents of the picked files", async () => {
    const files = [
      picked("demo-app/package.json", '{"name":"demo"}'),
      picked("demo-app/package-lock.json", "{}"),
      picked("demo-app/src/index.js", "console.log(1)"),
      picked("demo-app/.git/config", "[core]"),
      picked("demo-app/node_modules/ms/index.js", "module.exports=1"),
    ];
    const progress: number[] = [];
    const result = await zipFolder(files, (done) => progress.push(done));

    expect(result.fileName).toBe("demo-app.zip");
    expect(result.included).toBe(3);
    expect(result.skipped).toBe(2);
    const entries = unzipSync(new Uint8Array(await result.blob.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(["demo-app/package-lock.json", "demo-app/package.json", "demo-app/src/index.js"]);
    expect(Object.keys(entries).every((n) => !n.startsWith("/") && !n.split("/").includes(".."))).toBe(true);
    expect(strFromU8(entries["demo-app/src/index.js"])).toBe("console.log(1)");
    expect(progress.length).toBe(3);
  });

  it("refuses a folder with nothing to scan", async () => {
    await expect(zipFolder([picked("proj/.git/HEAD", "ref")])).rejects.toThrow(/no files to scan/);
  });

  it("names the upload after the picked folder", () => {
    expect(folderName([{ name: "a", webkitRelativePath: "my app/a" }])).toBe("my_app");
    expect(folderName([])).toBe("source");
  });
});
