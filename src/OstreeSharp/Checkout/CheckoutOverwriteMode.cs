namespace OstreeSharp.Checkout;

/// <summary>What happens when the destination already has an entry (<c>--union</c> and friends).</summary>
public enum CheckoutOverwriteMode
{
    /// <summary>Fail if anything exists.</summary>
    None,

    /// <summary><c>--union</c>: files in the commit replace existing files; directories merge.</summary>
    UnionFiles,

    /// <summary><c>--union-add</c>: keep existing files, add only missing ones.</summary>
    AddFiles,

    /// <summary><c>--union-identical</c>: existing files must be identical to the commit's, else fail.</summary>
    UnionIdentical,
}
