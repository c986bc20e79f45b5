using System.Text;

namespace OstreeSharp.Fuzz.Engine;

/// <summary>Words the mutator splices in: GVariant type strings, ostree keys, keyfile and text-format tokens.</summary>
public static class Dictionaries
{
    public static readonly string[] TypeStrings =
    [
        "a{sv}", "(a{sv}aya(say)sstayay)", "(a(say)a(sayay))", "(uuua(ayay))", "(uuuusa(ayay))", "(tuuuusa(ayay))",
        "a(ayay)", "ay", "aay", "as", "v", "mv", "ms", "may", "(say)", "(sayay)", "a(say)", "{sv}", "(ts)", "(yt)",
        "a{ss}", "a{sa{sv}}", "(s(taya{sv}))", "mmy", "(yyy)", "()", "a()", "(uu)", "at", "ad", "b", "y", "n", "q", "i",
        "u", "x", "t", "h", "d", "s", "o", "g", "aaaaaaaaay", "((((((((y))))))))", "a{yv}", "m(sv)",
    ];

    public static readonly string[] OstreeKeys =
    [
        "ostree.ref-binding", "ostree.collection-binding", "ostree.sizes", "ostree.endoflife", "ostree.endoflife-rebase",
        "ostree.commit.timestamp", "ostree.linux", "ostree.bootable", "ostree.container-cmd", "ostree.gpgsigs",
        "ostree.static-delta-superblock", "ostree.summary.last-modified", "ostree.summary.expires", "version",
        "xa.metadata", "user.ostreemeta", "security.selinux",
    ];

    public static readonly string[] KeyFileTokens =
    [
        "[core]\n", "repo_version=1\n", "mode=archive-z2\n", "mode=bare-user-only\n", "[remote \"origin\"]\n",
        "url=http://example.com/repo\n", "gpg-verify=false\n", "branches=main;\n", "collection-id=org.example.Os\n",
        "# comment\n", "\n", "=", ";", "\\s", "\\n", "\\t", "\\\\", "\\", "[", "]", "key[de]=x\n", "\r\n", "\t", " ",
        "\uFEFF", "lock-timeout-secs=-1\n", "zlib-level=9\n", "true", "false", "0x7fffffff", "9223372036854775808",
    ];

    public static readonly string[] TextTokens =
    [
        "@a{sv} ", "@ay ", "@mv ", "<", ">", "[", "]", "{", "}", "(", ")", ",", ":", "'", "\"", "\\", "\\u0000", "\\U0010ffff",
        "\\x", "b'", "b\"", "true", "false", "nothing", "just ", "uint64 ", "int64 ", "uint32 ", "int32 ", "uint16 ",
        "int16 ", "byte ", "double ", "boolean ", "string ", "objectpath ", "signature ", "handle ", "0x", "0x7f",
        "-9223372036854775808", "18446744073709551615", "1e308", "-1e-320", "inf", "nan", "0.", "1.5e", "%", "'/a/b'",
        "@(s)", "@m", "@a", "<@ay []>", "[[]]", "{'a': <1>}", "@a{sv} {}",
    ];

    /// <summary>All words as bytes.</summary>
    public static IReadOnlyList<byte[]> Common { get; } =
        TypeStrings.Concat(OstreeKeys).Concat(KeyFileTokens).Concat(TextTokens)
            .Select(Encoding.UTF8.GetBytes)
            .Concat([[0, 0, 0, 0], [0xff, 0xff, 0xff, 0xff], [0, 0, 0, 0, 0, 0, 0, 0], [0x7f, 0xff, 0xff, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]])
            .ToList();
}
