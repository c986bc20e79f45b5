namespace OstreeSharp.Maintenance;

/// <summary>Kinds of <see cref="DateToken"/>.</summary>
internal enum DateTokenKind
{
    /// <summary>A run of ASCII digits.</summary>
    Number,

    /// <summary>A run of ASCII letters.</summary>
    Word,

    /// <summary>One of <c>: / - + . , @</c>.</summary>
    Symbol,
}
