namespace OstreeSharp.Cli.Parsing;

/// <summary>How a GOption-style option takes its value.</summary>
public enum CliOptionKind
{
    /// <summary>A flag: no value (<c>--flag=x</c> is accepted and the value ignored, as GOption does).</summary>
    Flag,

    /// <summary>A string value; when repeated, the last one wins.</summary>
    String,

    /// <summary>A repeatable string value; every occurrence is kept in order.</summary>
    StringArray,

    /// <summary>A C <c>int</c> value parsed like <c>strtol(s, NULL, 0)</c>.</summary>
    Int,
}
