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

    public static CommitSigning Prepare(CommitCommandOptions options)
    {
        var signing = new CommitSigning();
        try
        {
            if (options.Sign.Count > 0 && (options.SignType ?? "ed25519") != "ed25519")
                throw new CliException(options.SignType == "dummy" ? "dummy signature type is only for ostree testing" : "Requested signature type is not implemented");
            foreach (string key in options.Sign)
                signing._ed25519.Add(SignHandler.SecretKey(key));
            foreach (string keyId in options.GpgSign)
                signing._gpg.Add(GpgKeySource.LoadSigningKey(keyId, options.GpgHomedir));
            return signing;
        }
        catch
        {
            signing.Dispose();
            throw;
        }
    }

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
