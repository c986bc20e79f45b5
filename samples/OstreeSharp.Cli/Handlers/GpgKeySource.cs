using System.ComponentModel;
using System.Diagnostics;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Cli.Handlers;

/// <summary>
/// Where <c>--gpg-sign</c> and <c>gpg-sign</c> get secret keys. gpg 2.2 keeps secret keys in the agent's
/// <c>private-keys-v1.d</c>, so the managed path asks gpg to export them
/// (<c>gpg [--homedir DIR] --export-secret-keys KEY-ID</c>, passphrase from <c>OSTREESHARP_GPG_PASSPHRASE</c>) and then
/// signs in-process. Without gpg, <c>OSTREESHARP_GPG_SECRET_KEYRING=FILE</c> names an exported secret keyring
/// (binary or armored) to use instead.
/// </summary>
internal static class GpgKeySource
{
    public const string SecretKeyringVariable = "OSTREESHARP_GPG_SECRET_KEYRING";
    public const string PassphraseVariable = "OSTREESHARP_GPG_PASSPHRASE";

    public static string Passphrase => Environment.GetEnvironmentVariable(PassphraseVariable) ?? "";

    /// <summary>Loads and unlocks the key gpg would sign with for <paramref name="keyId"/>.</summary>
    public static OpenPgpSigningKey LoadSigningKey(string keyId, string? homedir)
    {
        OpenPgpSecretKeyring keyring;
        string? file = Environment.GetEnvironmentVariable(SecretKeyringVariable);
        if (!string.IsNullOrEmpty(file))
        {
            keyring = OpenPgpSecretKeyring.LoadFile(file);
        }
        else
        {
            byte[]? exported = RunGpg(homedir, Passphrase, "--export-secret-keys", keyId);
            if (exported is null || exported.Length == 0)
            {
                throw NotFound(keyId, homedir);
            }
            keyring = OpenPgpSecretKeyring.Load(exported);
        }
        OpenPgpSecretKey secret;
        try
        {
            secret = keyring.SelectSigningKey(keyId);
        }
        catch (OpenPgpKeyNotFoundException) when (!keyring.PublicKeys.PrimaryKeys.Any())
        {
            throw NotFound(keyId, homedir);
        }
        catch (OpenPgpKeyNotFoundException e)
        {
            throw new CliException("Failure signing commit file: GPGME: Unusable secret key", e);
        }
        try
        {
            return secret.Unlock(Passphrase);
        }
        catch (OpenPgpPassphraseException e)
        {
            throw new CliException("Failure signing commit file: GPGME: Bad passphrase", e);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException("Failure signing commit file: GPGME: Unusable secret key", e);
        }
    }

    /// <summary>The public keys gpg knows (to map subkey signatures to primary key IDs), or null without gpg.</summary>
    public static OpenPgpKeyring? PublicKeyring(string? homedir)
    {
        byte[]? exported = RunGpg(homedir, null, "--export");
        if (exported is null || exported.Length == 0)
        {
            return null;
        }
        try
        {
            return OpenPgpKeyring.Load(exported);
        }
        catch (OpenPgpFormatException)
        {
            return null;
        }
    }

    /// <summary><c>gpg [--homedir DIR] --export</c>: the public keys of gpg's keyring (empty when gpg has none).</summary>
    public static byte[] ExportPublic(string? homedir) => RunGpg(homedir, null, "--export") ?? [];

    private static CliException NotFound(string keyId, string? homedir) =>
        new($"No gpg key found with ID {keyId} (homedir: {homedir ?? "<default>"})");

    private static byte[]? RunGpg(string? homedir, string? passphrase, params string[] args)
    {
        var psi = new ProcessStartInfo("gpg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (homedir is not null)
        {
            psi.ArgumentList.Add("--homedir");
            psi.ArgumentList.Add(homedir);
        }
        psi.ArgumentList.Add("--batch");
        if (passphrase is not null)
        {
            foreach (string a in new[] { "--pinentry-mode", "loopback", "--passphrase-fd", "0" })
            {
                psi.ArgumentList.Add(a);
            }
        }
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (Win32Exception e)
        {
            throw new CliException($"gpg is not installed; set {SecretKeyringVariable} to an exported secret keyring instead", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = Task.Run(() =>
            {
                using var ms = new MemoryStream();
                process.StandardOutput.BaseStream.CopyTo(ms);
                return ms.ToArray();
            });
            if (passphrase is not null)
            {
                process.StandardInput.Write(passphrase + "\n");
            }
            process.StandardInput.Close();
            process.WaitForExit();
            _ = stderr.Result;
            return process.ExitCode == 0 ? stdout.Result : null;
        }
    }
}
