using TrustedOss.Pipeline.Licenses;

namespace TrustedOss.Tests.Unit.Licenses;

public class SourceCommentsTests
{
    [Fact]
    public void Splits_block_and_line_comments_and_strips_their_markers()
    {
        var blocks = SourceComments.Blocks("""
            #!/bin/sh
            # first paragraph

            # second paragraph of the same header
            echo hi
            /**
             * javadoc line
             */
            int x; // trailing comments are code lines
            <!-- html note -->
            -- sql note
            """);

        Assert.Equal(
            ["!/bin/sh\nfirst paragraph\nsecond paragraph of the same header", "javadoc line", "html note", "sql note"],
            blocks.Select(b => b.Replace("\r", "").Replace("\n ", "\n").Trim()));
    }

    [Fact]
    public void Only_blocks_that_talk_about_licensing_are_candidates()
    {
        var blocks = SourceComments.LicenseLikeBlocks("// Computes things.\nint a;\n/* Licensed under the MIT License. */\n").ToList();

        Assert.Equal(["Licensed under the MIT License."], blocks);
    }

    [Theory]
    [InlineData("// SPDX-License-Identifier: MIT", "MIT")]
    [InlineData("/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */", "GPL-2.0-only WITH Linux-syscall-note")]
    [InlineData("<!-- SPDX-License-Identifier: (Apache-2.0 OR MIT) -->", "Apache-2.0 OR MIT")]
    [InlineData("__license__ = \"SPDX-License-Identifier: bsd-3-clause\"", "BSD-3-Clause")]
    [InlineData("# spdx-license-identifier: lgpl-2.1+", "LGPL-2.1+")]
    public void Reads_spdx_tags_with_their_full_expression(string line, string expected)
    {
        Assert.Equal([expected], SpdxTagReader.Read("first line\n" + line + "\nlast line"));
    }

    [Fact]
    public void Ignores_placeholder_tags_and_repeats()
    {
        Assert.Equal(["MIT"], SpdxTagReader.Read("// SPDX-License-Identifier: <license>\n// SPDX-License-Identifier: MIT\n// SPDX-License-Identifier: mit\n"));
    }
}
