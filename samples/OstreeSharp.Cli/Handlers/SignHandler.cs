using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Signing;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Cli.Handlers;

/// <summary>
/// <c>sign</c>: the signature API with the <c>ed25519</c> type. Signing takes base64 secret keys (64-byte seed ‖ public,
/// or a 32-byte seed); <c>--verify</c> and <c>--delete</c> take base64 public keys (or secret keys). <c>--verify</c>
/// without keys uses the system defaults (<c>/etc/ostree/trusted.ed25519</c>, ...).
/// </summary>
public sealed class SignHandler : ICommandHandler<SignCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(SignCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        string type = options.SignType ?? "ed25519";
        if (type == "dummy")
            throw new CliException("dummy signature type is only for ostree testing");
        if (type != "ed25519")
            throw new CliException("Requested signature type is not implemented");
        using var repo = RepoOpener.Open(options.Repository);
        var commit = RevResolver.Resolve(repo, options.Commit);
        if (options.Verify)
        {
            var trust = options.Keys.Count == 0 && options.KeysFile is null ? Ed25519TrustStore.LoadDefaults() : new Ed25519TrustStore();
            foreach (string k in options.Keys)
                trust.AddTrusted(PublicKey(k));
            foreach (var k in FilePublicKeys(options.KeysFile))
                trust.AddTrusted(k);
            if (!CommitVerifier.VerifyEd25519(repo, commit, trust).IsValid)
                throw new CliException("No valid signatures found");
            context.Console.Out.Write("ed25519: Signature verified\n");
            return Task.FromResult(0);
        }
        if (options.Delete)
        {
            foreach (string k in options.Keys)
                CommitSigner.DeleteEd25519Signatures(repo, commit, PublicKey(k));
            foreach (var k in FilePublicKeys(options.KeysFile))
                CommitSigner.DeleteEd25519Signatures(repo, commit, k);
            return Task.FromResult(0);
        }
        foreach (string k in options.Keys)
        {
            using var key = SecretKey(k);
            CommitSigner.AddEd25519Signature(repo, commit, key);
        }
        if (options.KeysFile is { } file)
        {
            foreach (var key in ReadKeysFile(file, Ed25519KeyFile.ReadPrivateKeys))
            {
                using (key)
                    CommitSigner.AddEd25519Signature(repo, commit, key);
            }
        }
        return Task.FromResult(0);
    }

    /// <summary>Public keys from <c>--keys-file</c> (a file of secret keys gives their public halves).</summary>
    private static IEnumerable<Ed25519PublicKey> FilePublicKeys(string? file)
    {
        if (file is null)
            return [];
        try
        {
            return ReadKeysFile(file, Ed25519KeyFile.ReadPublicKeys);
        }
        catch (CliException)
        {
            var secrets = ReadKeysFile(file, Ed25519KeyFile.ReadPrivateKeys);
            var publics = secrets.Select(s => s.PublicKey).ToList();
            foreach (var s in secrets)
                s.Dispose();
            return publics;
        }
    }

    private static IReadOnlyList<T> ReadKeysFile<T>(string file, Func<string, IReadOnlyList<T>> read)
    {
        try
        {
            return read(file);
        }
        catch (Exception e) when (e is OstreeDataException or FormatException or ArgumentException)
        {
            throw new CliException($"Can't load keys from {file}: invalid ed25519 key", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"Can't open file '{file}' with public keys", e);
        }
    }

    internal static Ed25519PrivateKey SecretKey(string base64)
    {
        try
        {
            return Ed25519PrivateKey.Parse(base64.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CliException("Can't use secret key: invalid ed25519 key", e);
        }
    }

    /// <summary>A base64 ed25519 public key, or the public half of a base64 secret key.</summary>
    internal static Ed25519PublicKey PublicKey(string base64)
    {
        if (Ed25519PublicKey.TryParse(base64.Trim(), out var key))
            return key;
        using var secret = SecretKey(base64);
        return secret.PublicKey;
    }
}
