using TrustedOss.Pipeline.Stages;

namespace TrustedOss.Pipeline.Workspaces;

/// <summary>The rule an uploaded archive broke.</summary>
public enum ArchiveRule
{
    /// <summary>Not a readable .zip.</summary>
    InvalidArchive,
    /// <summary>More entries than ARCHIVE_MAX_ENTRIES.</summary>
    TooManyEntries,
    /// <summary>More bytes written than ARCHIVE_MAX_UNCOMPRESSED_BYTES (counted as written; headers can lie).</summary>
    TooLarge,
    /// <summary>An entry name with '..' that would land outside the source folder (zip-slip).</summary>
    EscapesRoot,
    /// <summary>An entry name that is an absolute path ('/etc/x', 'C:\x', '\\server\x').</summary>
    AbsolutePath,
    /// <summary>A symlink entry whose target is absolute or leads outside the source folder.</summary>
    SymlinkOutsideRoot,
}

/// <summary>An uploaded archive was refused. The message names the rule and the entry.</summary>
public sealed class UnsafeArchiveException(ArchiveRule rule, string? entryName, string message)
    : StageFailedException(message)
{
    public ArchiveRule Rule { get; } = rule;

    /// <summary>The offending entry, when the rule is about one entry.</summary>
    public string? EntryName { get; } = entryName;

    /// <summary>The rule's wire name, e.g. "zip-slip", for logs and API errors.</summary>
    public string RuleName => Name(Rule);

    public static string Name(ArchiveRule rule) => rule switch
    {
        ArchiveRule.InvalidArchive => "invalid-archive",
        ArchiveRule.TooManyEntries => "too-many-entries",
        ArchiveRule.TooLarge => "too-large",
        ArchiveRule.EscapesRoot => "zip-slip",
        ArchiveRule.AbsolutePath => "absolute-path",
        ArchiveRule.SymlinkOutsideRoot => "symlink-outside-root",
        _ => rule.ToString(),
    };
}
