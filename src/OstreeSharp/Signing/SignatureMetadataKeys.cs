namespace OstreeSharp.Signing;

/// <summary>Keys of the signature entries in <c>.commitmeta</c> and <c>summary.sig</c> (spec §4.5, §6.2, §7).</summary>
public static class SignatureMetadataKeys
{
    /// <summary><c>ostree.gpgsigs</c>: <c>aay</c>, one binary OpenPGP signature packet per element.</summary>
    public const string Gpg = "ostree.gpgsigs";

    /// <summary><c>ostree.sign.ed25519</c>: <c>aay</c>, one 64-byte Ed25519 signature per element.</summary>
    public const string Ed25519 = "ostree.sign.ed25519";
}
