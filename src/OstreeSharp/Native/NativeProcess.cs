using System.Globalization;

namespace OstreeSharp.Native;

/// <summary>Credentials and file-creation mask of the current process.</summary>
public static class NativeProcess
{
    /// <summary>Real user id (<c>getuid</c>).</summary>
    public static uint UserId => LibC.getuid();

    /// <summary>Effective user id (<c>geteuid</c>).</summary>
    public static uint EffectiveUserId => LibC.geteuid();

    /// <summary>Real group id (<c>getgid</c>).</summary>
    public static uint GroupId => LibC.getgid();

    /// <summary>Effective group id (<c>getegid</c>).</summary>
    public static uint EffectiveGroupId => LibC.getegid();

    /// <summary>
    /// The current file-creation mask. Read from <c>/proc/self/status</c> when available, so that the
    /// mask is never changed; otherwise via <c>umask(2)</c> set-and-restore.
    /// </summary>
    /// <returns>The umask bits (e.g. octal 022).</returns>
    public static uint GetUmask()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Umask:", StringComparison.Ordinal)
                    && uint.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out uint octal))
                {
                    return FromOctalDigits(octal);
                }
            }
        }
        catch (IOException)
        {
            // no procfs: fall through to the set-and-restore query
        }
        catch (UnauthorizedAccessException)
        {
            // procfs hidden: fall through to the set-and-restore query
        }

        uint mask = LibC.umask(0x12);
        LibC.umask(mask);
        return mask;
    }

    private static uint FromOctalDigits(uint decimalDigits)
    {
        uint result = 0;
        uint scale = 1;
        while (decimalDigits > 0)
        {
            result += decimalDigits % 10 * scale;
            decimalDigits /= 10;
            scale *= 8;
        }

        return result;
    }
}
