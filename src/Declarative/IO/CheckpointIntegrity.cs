using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;

namespace Declarative.IO;

/// <summary>
/// The integrity record at the end of a checkpoint file: the SHA-256 of everything before it, that content's length, and
/// a marker, 48 bytes. It comes after the content so that the file still begins with what <c>Module.save</c> writes
/// (<c>model.load(path)</c> reads that part and stops); <see cref="Checkpoint.Load(string, TorchSharp.torch.nn.Module, TorchSharp.torch.optim.Optimizer?)"/>
/// checks it before reading anything, so a cut or damaged file is reported, naming it, instead of loaded.
/// </summary>
internal static class CheckpointIntegrity
{
    private const int HashLength = 32;
    private const int TrailerLength = HashLength + 8 + 8;
    private static readonly byte[] Marker = "DCLCKPT1"u8.ToArray();

    /// <summary>Writes the content through <paramref name="content"/>, then its integrity record.</summary>
    public static void Write(Stream stream, Action<Stream> content)
    {
        using var hashing = new HashingStream(stream);
        content(hashing);
        var trailer = new byte[TrailerLength];
        hashing.Hash.GetHashAndReset().CopyTo(trailer, 0);
        BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(HashLength), hashing.Written);
        Marker.CopyTo(trailer, HashLength + 8);
        stream.Write(trailer);
    }

    /// <summary>Checks the file's integrity record against its content; returns the content's length.</summary>
    /// <exception cref="InvalidDataException">The file has no integrity record (cut short, or not a checkpoint), or its content does not match it.</exception>
    public static long Verify(string path, Stream stream)
    {
        var trailer = new byte[TrailerLength];
        if (stream.Length < TrailerLength) throw NoRecord(path, stream.Length);
        stream.Seek(-TrailerLength, SeekOrigin.End);
        stream.ReadExactly(trailer);
        if (!trailer.AsSpan(HashLength + 8).SequenceEqual(Marker)) throw NoRecord(path, stream.Length);
        var length = BinaryPrimitives.ReadInt64LittleEndian(trailer.AsSpan(HashLength));
        if (length != stream.Length - TrailerLength)
            throw new InvalidDataException($"'{path}' is damaged: it holds {stream.Length - TrailerLength} bytes of content where its integrity record says {length}. Load another checkpoint, or resume from the run's backup.");

        stream.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        for (var left = length; left > 0;)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw NoRecord(path, stream.Length);
            hash.AppendData(buffer, 0, read);
            left -= read;
        }

        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(trailer.AsSpan(0, HashLength)))
            throw new InvalidDataException($"'{path}' is damaged: its content does not match the SHA-256 recorded when it was written (a byte changed on disk or in a copy). Load another checkpoint, or resume from the run's backup.");
        stream.Position = 0;
        return length;
    }

    private static InvalidDataException NoRecord(string path, long length) => new(
        $"'{path}' ({length} bytes) does not end with a checkpoint's integrity record: it was cut short (an interrupted copy, a full disk), " +
        "or it was not written by ModelCheckpoint or Checkpoint.Save (a file of Module.save loads with model.load(path)).");

    // Passes writes on to the file, hashing them and counting their bytes.
    private sealed class HashingStream(Stream inner) : Stream
    {
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position
        {
            get => Written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Hash.AppendData(buffer);
            inner.Write(buffer);
            Written += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) Hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
