using System.Text;
using System.Threading.Channels;

namespace Ingestion.ApiTests.Cli;

/// <summary>
/// A response body that the test writes as it goes, and that says when its reader has dealt with what was written:
/// a stream that stays open, for what a client does while a connection is quiet.
/// </summary>
internal sealed class FedStream : Stream
{
    private readonly Channel<Chunk> _chunks = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true });
    private Chunk? _reading;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Writes <paramref name="text"/>; true once the reader has read it all and asked for more (so it has acted on
    /// it) or closed the stream after reading it, false when it closed the stream without reading it.
    /// </summary>
    public Task<bool> SendAsync(string text)
    {
        var chunk = new Chunk(Encoding.UTF8.GetBytes(text));
        return _chunks.Writer.TryWrite(chunk) ? chunk.Taken.Task : Task.FromResult(false);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_reading is null || _reading.Unread.IsEmpty)
        {
            // Asking for more means that what came before has been dealt with.
            _reading?.Taken.TrySetResult(true);
            _reading = null;
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken) || !_chunks.Reader.TryRead(out _reading))
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _reading.Unread.Length);
        _reading.Unread[..count].CopyTo(buffer);
        _reading.Unread = _reading.Unread[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reading?.Taken.TrySetResult(_reading.Unread.IsEmpty);
            _reading = null;
            _chunks.Writer.TryComplete();
            while (_chunks.Reader.TryRead(out var unread))
            {
                unread.Taken.TrySetResult(false);
            }
        }

        base.Dispose(disposing);
    }

    private sealed class Chunk(byte[] bytes)
    {
        public ReadOnlyMemory<byte> Unread { get; set; } = bytes;

        public TaskCompletionSource<bool> Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
