using System.Runtime.InteropServices;
using OstreeSharp.Objects;

namespace OstreeSharp.Checkout;

/// <summary>Creates overlayfs whiteouts: character devices with device number 0:0 (<c>mknod</c>).</summary>
internal static partial class WhiteoutDevices
{
    private const uint CharacterDeviceType = 0x2000; // S_IFCHR

    public static void Create(string path, uint permissions)
    {
        if (mknod(path, CharacterDeviceType | (permissions & UnixMode.PermissionMask), 0) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string message = errno == 17 ? $"File exists: {path}" : $"mknod({path}): {Marshal.GetPInvokeErrorMessage(errno)}";
            throw new OstreeException(message, new IOException(Marshal.GetPInvokeErrorMessage(errno), errno));
        }
        Chmod(path, permissions); // mknod honours the umask
    }

    public static void Chmod(string path, uint permissions) =>
        File.SetUnixFileMode(path, (UnixFileMode)(permissions & UnixMode.PermissionMask));

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);
}
