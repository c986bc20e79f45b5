using System.Diagnostics;
using OstreeSharp.Deltas;

namespace OstreeSharp.Interop.Tests.Deltas;

/// <summary>A test-only <c>'x'</c> part compressor that pipes payloads through <c>/usr/bin/xz</c>.</summary>
public static class ExternalXz
{
    public static bool IsInstalled => File.Exists("/usr/bin/xz");

    public static DeltaPartCompressor Compressor { get; } = new(DeltaPartCompression.Xz, output => new XzPipe(output));

    private sealed class XzPipe : Stream
    {
        private readonly Process _process;
        private readonly Task _pump;

        public XzPipe(Stream output)
        {
            var psi = new ProcessStartInfo("/usr/bin/xz", ["--format=xz", "--check=crc64", "-6", "-c"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            _process = Process.Start(psi)!;
            _pump = _process.StandardOutput.BaseStream.CopyToAsync(output);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _process.StandardInput.BaseStream.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _process.StandardInput.BaseStream.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _process.StandardInput.Close();
                _pump.GetAwaiter().GetResult();
                _process.WaitForExit();
                if (_process.ExitCode != 0)
                {
                    throw new IOException($"xz exited with {_process.ExitCode}");
                }
                _process.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
