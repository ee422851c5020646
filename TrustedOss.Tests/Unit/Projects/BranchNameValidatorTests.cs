using TrustedOss.Pipeline.Projects;

namespace TrustedOss.Tests.Unit.Projects;

public sealed class BranchNameValidatorTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("release/1.2")]
    [InlineData("feature/JIRA-42_fix.auth")]
    public void Accepts_ordinary_branch_names(string branch) => Assert.Null(BranchNameValidator.Validate(branch));

    [Theory]
    [InlineData("-upload-pack=x", "must not start with '-'")]
    [InlineData("a..b", "'..'")]
    [InlineData("my branch", "spaces")]
    [InlineData("x~1", "'~'")]
    [InlineData("x^", "'^'")]
    [InlineData("a:b", "':'")]
    [InlineData("a*", "'*'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a\tb", "control characters")]
    [InlineData("main.lock", "'.lock'")]
    [InlineData("a/.hidden", "must not start with '.'")]
    [InlineData("a//b", "'//'")]
    [InlineData("main/", "end with '/'")]
    [InlineData("main.", "end with '.'")]
    [InlineData("x@{1}", "'@{'")]
    [InlineData("@", "'@'")]
    [InlineData("", "empty")]
    public void Refuses_names_git_check_ref_format_refuses(string branch, string rule) =>
        Assert.Contains(rule, BranchNameValidator.Validate(branch));

    [Fact]
    public void Refuses_an_overlong_name() =>
        Assert.Contains("longer than 255", BranchNameValidator.Validate(new string('b', 256)));
}
