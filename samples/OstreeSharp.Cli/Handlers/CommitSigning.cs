using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Signing;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Cli.Handlers;

/// <summary>
/// <c>commit --gpg-sign=KEY-ID [--gpg-homedir=DIR]</c> and <c>commit --sign=KEY [--sign-type=ed25519]</c>: keys are
/// loaded (and unlocked) before anything is written, and the new commit is signed right after its transaction.
/// </summary>
internal sealed class CommitSigning : IDisposable
{
    private readonly List<OpenPgpSigningKey> _gpg = [];
    private readonly List<Ed25519PrivateKey> _ed25519 = [];

    private CommitSigning() { }

    public static CommitSigning Prepare(CommitCommandOptions options) =>
        Prepare(options.Sign, options.SignType, options.GpgSign, options.GpgHomedir);

    /// <summary>Loads <c>--sign</c> keys of <c>--sign-type</c> and <c>--gpg-sign</c> keys (shared by <c>commit</c> and <c>summary -u</c>).</summary>
    public static CommitSigning Prepare(IReadOnlyList<string> sign, string? signType, IReadOnlyList<string> gpgSign, string? gpgHomedir)
    {
        var signing = new CommitSigning();
        try
        {
            if (sign.Count > 0 && (signType ?? "ed25519") != "ed25519")
                throw new CliException(signType == "dummy" ? "dummy signature type is only for ostree testing" : "Requested signature type is not implemented");
            foreach (string key in sign)
                signing._ed25519.Add(SignHandler.SecretKey(key));
            foreach (string keyId in gpgSign)
                signing._gpg.Add(GpgKeySource.LoadSigningKey(keyId, gpgHomedir));
            return signing;
        }
        catch
        {
            signing.Dispose();
            throw;
        }
    }

    public bool HasKeys => _gpg.Count > 0 || _ed25519.Count > 0;

    /// <summary>The <see cref="Summary.SummaryOptions.Signer"/> for these keys, or null without keys.</summary>
    public Func<ReadOnlyMemory<byte>, MetadataDictionary>? CreateSummarySigner() =>
        HasKeys ? SummarySigner.CreateSigner(_gpg, _ed25519) : null;

    public void Sign(OstreeRepo repo, Checksum commit)
    {
        foreach (var key in _ed25519)
            CommitSigner.AddEd25519Signature(repo, commit, key);
        foreach (var key in _gpg)
            CommitSigner.AddGpgSignature(repo, commit, key);
    }

    public void Dispose()
    {
        foreach (var key in _gpg)
            key.Dispose();
        foreach (var key in _ed25519)
            key.Dispose();
    }
}
