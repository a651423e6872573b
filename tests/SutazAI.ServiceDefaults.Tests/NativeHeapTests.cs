using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace SutazAI.ServiceDefaults.Tests;

[CollectionDefinition(nameof(ResidentMemoryCollection), DisableParallelization = true)]
public sealed class ResidentMemoryCollection;

// Alone: it reads the whole process's resident memory.
[Collection(nameof(ResidentMemoryCollection))]
public class NativeHeapTests
{
    private const int BlockBytes = 1024;
    private const int Blocks = 64 * 1024;
    private const int KeptEvery = 64;
    private static readonly byte[] Ones = Enumerable.Repeat((byte)1, BlockBytes).ToArray();

    [Fact]
    public void Trimming_gives_back_the_free_pages_that_freeing_alone_left_resident()
    {
        // 64 MB of small blocks, touched so they are resident; then all but every 64th freed, so the free space sits
        // in holes between live blocks, where free() never gives it back by itself.
        var blocks = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            Marshal.Copy(Ones, 0, blocks[i], BlockBytes);
        }

        for (var i = 0; i < Blocks; i++)
        {
            if (i % KeptEvery != 0)
            {
                Marshal.FreeHGlobal(blocks[i]);
            }
        }

        try
        {
            var freed = Environment.WorkingSet;
            Assert.True(NativeHeap.Trim());
            var trimmed = Environment.WorkingSet;

            // 63 MB freed; holes of 63 KB hold 14-15 whole pages each, so about 56 MB can go back.
            Assert.True(freed - trimmed > 32L * 1024 * 1024, $"resident {freed / 1048576.0:F1} -> {trimmed / 1048576.0:F1} MB");
        }
        finally
        {
            for (var i = 0; i < Blocks; i += KeptEvery)
            {
                Marshal.FreeHGlobal(blocks[i]);
            }
        }
    }
}
