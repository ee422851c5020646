using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Licenses;

/// <summary>
/// Runs the detector over small trees written into a temp dir, against the real SPDX license texts
/// (npm spdx-license-list in the tools folder).
/// </summary>
public sealed class BuiltInLicenseDetectorTests : IDisposable
{
    private const string MitText = """
        MIT License

        Copyright (c) 2024 Acme Corporation

        Permission is hereby granted, free of charge, to any person obtaining a copy
        of this software and associated documentation files (the "Software"), to deal
        in the Software without restriction, including without limitation the rights
        to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
        copies of the Software, and to permit persons to whom the Software is
        furnished to do so, subject to the following conditions:

        The above copyright notice and this permission notice shall be included in all
        copies or substantial portions of the Software.

        THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
        OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
        SOFTWARE.
        """;

    private const string GplTwoOrLaterC = """
        /*
         * frob.c - frobnicate widgets
         * Copyright (C) 2021 Jane Hacker <jane@example.org>
         *
         * This program is free software; you can redistribute it and/or modify
         * it under the terms of the GNU General Public License as published by
         * the Free Software Foundation; either version 2 of the License, or
         * (at your option) any later version.
         *
         * This program is distributed in the hope that it will be useful,
         * but WITHOUT ANY WARRANTY; without even the implied warranty of
         * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
         * GNU General Public License for more details.
         *
         * You should have received a copy of the GNU General Public License along
         * with this program; if not, write to the Free Software Foundation, Inc.,
         * 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.
         */
        #include <stdio.h>

        int main(void) { return 0; }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("license-tree-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string SpdxDir
    {
        get
        {
            var dir = RepoPaths.SpdxLicenseListDir;
            Assert.True(File.Exists(Path.Combine(dir, "spdx-full.json")),
                $"{dir} is missing: run `npm ci` in the tools folder (.tools) or set TOOLS_DIR.");
            return dir;
        }
    }

    private static string SpdxText(string id) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(SpdxDir, "licenses", id + ".json"))).RootElement.GetProperty("licenseText").GetString()!;

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static BuiltInLicenseDetector Detector(int maxFiles = 1000, TimeSpan? timeout = null, string? spdxDir = null) =>
        new(spdxDir ?? SpdxDir, new LicenseScanOptions(maxFiles, timeout ?? TimeSpan.FromMinutes(1), null), TimeProvider.System);

    private static IEnumerable<(string, string)> Pairs(LicenseScanResult result) =>
        result.Findings.Select(f => (f.SpdxExpression, f.SourcePath));

    [Fact]
    public async Task Detects_license_files_headers_and_tags_and_ignores_node_modules()
    {
        Write("LICENSE", MitText);
        Write("licenses/LICENSE-APACHE", SpdxText("Apache-2.0"));
        Write("src/frob.c", GplTwoOrLaterC);
        Write("src/lib.rs", "// SPDX-License-Identifier: MIT OR Apache-2.0\n\npub fn answer() -> u32 { 42 }\n");
        Write("src/plain.py", "# just code, no license\nprint('hi')\n");
        Write("node_modules/left-pad/LICENSE", SpdxText("GPL-3.0-only"));
        Write("node_modules/left-pad/index.js", "// SPDX-License-Identifier: AGPL-3.0-only\n");

        var result = await Detector().ScanAsync(_root, CancellationToken.None);

        Assert.False(result.Skipped);
        Assert.Empty(result.Warnings);
        Assert.Equal(
            [("MIT", "LICENSE"), ("Apache-2.0", "licenses/LICENSE-APACHE"), ("GPL-2.0-or-later", "src/frob.c"), ("MIT OR Apache-2.0", "src/lib.rs")],
            Pairs(result));
        Assert.Equal(
            [DetectionMethod.LicenseFile, DetectionMethod.LicenseFile, DetectionMethod.Header, DetectionMethod.Tag],
            result.Findings.Select(f => f.Method));
        Assert.Equal(100, result.Findings[3].Confidence);
        Assert.All(result.Findings, f => Assert.InRange(f.Confidence, 90, 100));
        Assert.Equal(5, result.FilesScanned);
    }

    [Fact]
    public async Task Reads_only_and_or_later_from_the_wording_of_gnu_texts()
    {
        Write("COPYING", SpdxText("GPL-3.0-only"));
        Write("lib/COPYING.LIB", SpdxText("LGPL-2.1-only"));
        Write("kernel/drv.c", """
            // Copyright (C) 2020 Someone
            //
            // This program is free software; you can redistribute it and/or modify
            // it under the terms of the GNU General Public License version 2 as
            // published by the Free Software Foundation.
            //
            // This program is distributed in the hope that it will be useful,
            // but WITHOUT ANY WARRANTY; without even the implied warranty of
            // MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
            // GNU General Public License for more details.
            int x;
            """);
        Write("app/main.py", """
            #!/usr/bin/env python3
            # This program is free software: you can redistribute it and/or modify
            # it under the terms of the GNU General Public License as published by
            # the Free Software Foundation, either version 3 of the License, or
            # (at your option) any later version.
            #
            # This program is distributed in the hope that it will be useful,
            # but WITHOUT ANY WARRANTY; without even the implied warranty of
            # MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
            # GNU General Public License for more details.
            #
            # You should have received a copy of the GNU General Public License
            # along with this program.  If not, see <https://www.gnu.org/licenses/>.
            import sys
            """);

        var result = await Detector().ScanAsync(_root, CancellationToken.None);

        Assert.Equal(
            [("GPL-3.0-only", "COPYING"), ("GPL-3.0-or-later", "app/main.py"), ("GPL-2.0-only", "kernel/drv.c"), ("LGPL-2.1-only", "lib/COPYING.LIB")],
            Pairs(result));
    }

    [Fact]
    public async Task Detects_an_apache_header_and_a_bsd_license_with_real_names()
    {
        Write("src/main/java/App.java", """
            /*
             * Copyright 2020 Acme, Inc.
             *
             * Licensed under the Apache License, Version 2.0 (the "License");
             * you may not use this file except in compliance with the License.
             * You may obtain a copy of the License at
             *
             *      http://www.apache.org/licenses/LICENSE-2.0
             *
             * Unless required by applicable law or agreed to in writing, software
             * distributed under the License is distributed on an "AS IS" BASIS,
             * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
             * See the License for the specific language governing permissions and
             * limitations under the License.
             */
            package app;

            /** The app. Licensed to nobody in particular; see the docs. */
            public class App {}
            """);
        Write("LICENSE.md", SpdxText("BSD-3-Clause").Replace("<year>", "2019").Replace("<owner>", "Foo Inc").Replace("<copyright holder>", "Foo Inc"));

        var result = await Detector().ScanAsync(_root, CancellationToken.None);

        Assert.Equal([("BSD-3-Clause", "LICENSE.md"), ("Apache-2.0", "src/main/java/App.java")], Pairs(result));
    }

    [Fact]
    public async Task Recognises_glibc_libstdcxx_and_bsd_headers_as_written_in_the_wild()
    {
        Write("glibc/aio.h", """
            /* Copyright (C) 1996-2022 Free Software Foundation, Inc.
               This file is part of the GNU C Library.

               The GNU C Library is free software; you can redistribute it and/or
               modify it under the terms of the GNU Lesser General Public
               License as published by the Free Software Foundation; either
               version 2.1 of the License, or (at your option) any later version.

               The GNU C Library is distributed in the hope that it will be useful,
               but WITHOUT ANY WARRANTY; without even the implied warranty of
               MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
               Lesser General Public License for more details.

               You should have received a copy of the GNU Lesser General Public
               License along with the GNU C Library; if not, see
               <https://www.gnu.org/licenses/>.  */
            #include <features.h>
            """);
        Write("cxx/algorithm", """
            // <algorithm> -*- C++ -*-

            // Copyright (C) 2001-2022 Free Software Foundation, Inc.
            //
            // This file is part of the GNU ISO C++ Library.  This library is free
            // software; you can redistribute it and/or modify it under the
            // terms of the GNU General Public License as published by the
            // Free Software Foundation; either version 3, or (at your option)
            // any later version.

            // This library is distributed in the hope that it will be useful,
            // but WITHOUT ANY WARRANTY; without even the implied warranty of
            // MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
            // GNU General Public License for more details.

            // Under Section 7 of GPL version 3, you are granted additional
            // permissions described in the GCC Runtime Library Exception, version
            // 3.1, as published by the Free Software Foundation.

            // You should have received a copy of the GNU General Public License and
            // a copy of the GCC Runtime Library Exception along with this program;
            // see the files COPYING3 and COPYING.RUNTIME respectively.  If not, see
            // <http://www.gnu.org/licenses/>.
            #pragma GCC system_header
            """);
        Write("gmock/gmock-actions.h", """
            // Copyright 2007, Google Inc.
            // All rights reserved.
            //
            // Redistribution and use in source and binary forms, with or without
            // modification, are permitted provided that the following conditions are
            // met:
            //
            //     * Redistributions of source code must retain the above copyright
            // notice, this list of conditions and the following disclaimer.
            //     * Redistributions in binary form must reproduce the above
            // copyright notice, this list of conditions and the following disclaimer
            // in the documentation and/or other materials provided with the
            // distribution.
            //     * Neither the name of Google Inc. nor the names of its
            // contributors may be used to endorse or promote products derived from
            // this software without specific prior written permission.
            //
            // THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
            // "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
            // LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
            // A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT
            // OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
            // SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
            // LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
            // DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
            // THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
            // (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
            // OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

            // Google Mock - a framework for writing C++ mock classes.
            """);
        Write("warranty-only.c", """
            /* This program is distributed in the hope that it will be useful,
             * but WITHOUT ANY WARRANTY; without even the implied warranty of
             * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
             * GNU General Public License for more details. */
            int y;
            """);
        Write("LICENSE.txt", SpdxText("Apache-2.0").Split("END OF TERMS AND CONDITIONS")[0]);

        var result = await Detector().ScanAsync(_root, CancellationToken.None);

        Assert.Equal(
            [
                ("Apache-2.0", "LICENSE.txt"),
                ("GPL-3.0-or-later WITH GCC-exception-3.1", "cxx/algorithm"),
                ("LGPL-2.1-or-later", "glibc/aio.h"),
                ("BSD-3-Clause", "gmock/gmock-actions.h"),
            ],
            Pairs(result));
    }

    [Fact]
    public async Task Copyright_lines_references_and_binaries_are_not_licenses()
    {
        Write("a.cs", "// Copyright (c) 2020 Acme Corp. All rights reserved.\n// Proprietary and confidential.\nclass A {}\n");
        Write("b.cc", "// Copyright 2020 The Chromium Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style license that can be\n// found in the LICENSE file.\n");
        Write("LicenseController.cs", "// this controller serves license keys\nclass LicenseController {}\n");
        Write("logo.png", "// SPDX-License-Identifier: MIT\n");
        Write("data.bin.txt", "SPDX-License-Identifier: MIT\0\0binary");
        Write("template.js", "// SPDX-License-Identifier: ${LICENSE}\n");

        var result = await Detector().ScanAsync(_root, CancellationToken.None);

        Assert.Empty(result.Findings);
        Assert.Equal(4, result.FilesScanned); // logo.png is skipped by extension, data.bin.txt by its NUL bytes
    }

    [Fact]
    public async Task More_files_than_the_ceiling_skips_with_the_reason()
    {
        for (var i = 0; i < 4; i++) Write($"src/f{i}.c", "int x;\n");
        Write("node_modules/x/a.js", "");
        Write("node_modules/x/b.js", "");

        Assert.False((await Detector(maxFiles: 4).ScanAsync(_root, CancellationToken.None)).Skipped); // excluded dirs don't count

        var result = await Detector(maxFiles: 3).ScanAsync(_root, CancellationToken.None);

        Assert.True(result.Skipped);
        Assert.Equal("the first-party tree has more than 3 files (SCANCODE_MAX_FILES)", result.SkipReason);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task Running_past_the_timeout_skips_with_the_reason_instead_of_throwing()
    {
        for (var i = 0; i < 20; i++) Write($"src/f{i:00}.c", GplTwoOrLaterC);
        var clock = new FakeTimeProvider();
        var detector = new BuiltInLicenseDetector(SpdxDir, new LicenseScanOptions(1000, TimeSpan.FromSeconds(30), null), clock);

        // The first file read moves the clock past the timeout, as a slow tree would.
        var result = await detector.ScanAsync(_root, CancellationToken.None, (_, _) =>
        {
            clock.Advance(TimeSpan.FromSeconds(31));
            return ValueTask.CompletedTask;
        });

        Assert.True(result.Skipped);
        Assert.Equal("license detection timed out after 30 s (SCANCODE_TIMEOUT_SECONDS)", result.SkipReason);
        Assert.Empty(result.Findings);
        Assert.InRange(result.FilesScanned, 1, 19);
    }

    [Fact]
    public async Task A_cancelled_scan_throws()
    {
        Write("LICENSE", MitText);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Detector().ScanAsync(_root, cts.Token));
    }

    [Fact]
    public async Task Without_license_texts_only_tags_are_detected_with_a_warning()
    {
        Write("LICENSE", MitText);
        Write("x.go", "// SPDX-License-Identifier: BSD-3-Clause\npackage x\n");
        var missing = Path.Combine(_root, "no-such-dir");

        var result = await Detector(spdxDir: missing).ScanAsync(_root, CancellationToken.None);

        Assert.Equal([("BSD-3-Clause", "x.go")], Pairs(result));
        Assert.Contains(missing, Assert.Single(result.Warnings));
    }

    [Fact]
    public async Task Reports_each_scanned_path_to_the_verbose_callback()
    {
        Write("b/LICENSE", MitText);
        Write("a.txt", "hello");
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Detector().ScanAsync(_root, CancellationToken.None, (path, _) => { seen.Add(path); return ValueTask.CompletedTask; });

        Assert.Equal(["a.txt", "b/LICENSE"], seen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("LICENSE", true)]
    [InlineData("license.md", true)]
    [InlineData("LICENSE-MIT", true)]
    [InlineData("LICENCE.txt", true)]
    [InlineData("COPYING", true)]
    [InlineData("COPYING3", true)]
    [InlineData("COPYING.LIB", true)]
    [InlineData("NOTICE", true)]
    [InlineData("UNLICENSE", true)]
    [InlineData("LicenseController.cs", false)]
    [InlineData("licensed.txt", false)]
    [InlineData("README.md", false)]
    public void Knows_license_file_names(string name, bool expected)
    {
        Assert.Equal(expected, LicenseFileNames.IsLicenseFile(name));
    }
}
