namespace OstreeSharp.Cli.Commands;

/// <summary>The <c>remote</c> subcommands ostree-sharp implements.</summary>
public enum RemoteOperation
{
    /// <summary><c>remote add</c>.</summary>
    Add,

    /// <summary><c>remote delete</c>.</summary>
    Delete,

    /// <summary><c>remote show-url</c>.</summary>
    ShowUrl,

    /// <summary><c>remote list</c>.</summary>
    List,

    /// <summary><c>remote gpg-import</c>.</summary>
    GpgImport,

    /// <summary><c>remote refs</c>.</summary>
    Refs,

    /// <summary><c>remote summary</c>.</summary>
    Summary,

    /// <summary><c>remote gpg-list-keys</c> (not supported yet).</summary>
    GpgListKeys,

    /// <summary><c>remote add-cookie</c> (not supported yet).</summary>
    AddCookie,

    /// <summary><c>remote delete-cookie</c> (not supported yet).</summary>
    DeleteCookie,

    /// <summary><c>remote list-cookies</c> (not supported yet).</summary>
    ListCookies,
}
