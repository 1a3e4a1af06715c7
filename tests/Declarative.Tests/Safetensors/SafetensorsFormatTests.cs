using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Declarative.IO;
using Declarative.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SafetensorsFile = Declarative.IO.Safetensors;

namespace Declarative.Tests.Safetensors;

/// <summary>
/// The safetensors format as PyTorch users meet it: the bytes the published layout gives, a file PyTorch's state_dict
/// was written to (Fixtures/make_fixture.py), every dtype TorchSharp has, and a clear error for each way a file or a
/// model can disagree.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class SafetensorsFormatTests
{
    // A Linear(2, 1) and an int64 buffer: what a tiny model's state_dict holds, with two dtypes.
    private sealed class Tiny : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _fc = nn.Linear(2, 1);

        public Tiny() : base(nameof(Tiny))
        {
            register_module("fc", _fc);
            register_buffer("count", tensor(5L));
        }

        public override Tensor forward(Tensor input) => _fc.call(input);
    }

    // The equivalent of make_fixture.py's Net: a Sequential (Linear, BatchNorm1d, ReLU, Linear) and a bfloat16 head.
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential body = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2));
        private readonly Linear head = nn.Linear(2, 2);

        public Net() : base(nameof(Net))
        {
            RegisterComponents();
            head.to(ScalarType.BFloat16);
        }

        public override Tensor forward(Tensor input) => head.call(body.call(input).to(ScalarType.BFloat16)).to(ScalarType.Float32);
    }

    private static string Fixture(string name) => Path.Combine(Repository.Root, "tests/Declarative.Tests/Safetensors/Fixtures", name);

    [Fact]
    public void A_tiny_models_file_is_the_bytes_the_published_layout_gives()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new Tiny();
        using (no_grad())
        {
            model.state_dict()["fc.weight"].copy_(tensor(new[] { 1.5f, -2f }).reshape(1, 2));
            model.state_dict()["fc.bias"].copy_(tensor(new[] { 0.25f }));
        }

        model.SaveSafetensors("tiny.safetensors", new Dictionary<string, string> { ["epoch"] = "3" });

        // Tensors by descending dtype (I64 before F32), then by name; __metadata__ first; compact JSON; spaces to a multiple of 8.
        var header = "{\"__metadata__\":{\"epoch\":\"3\"}," +
                     "\"count\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}," +
                     "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}," +
                     "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[12,20]}}";
        var padded = header + new string(' ', (8 - header.Length % 8) % 8);
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes((ulong)padded.Length));
        expected.AddRange(Encoding.UTF8.GetBytes(padded));
        expected.AddRange(BitConverter.GetBytes(5L));
        foreach (var value in new[] { 0.25f, 1.5f, -2f }) expected.AddRange(BitConverter.GetBytes(value));

        Assert.Equal(0, padded.Length % 8);
        Assert.Equal(expected.ToArray(), File.ReadAllBytes("tiny.safetensors"));
    }

    [Fact]
    public void A_file_PyTorch_wrote_loads_into_the_equivalent_model_and_saving_it_again_gives_the_same_bytes()
    {
        using var folder = new TemporaryWorkingDirectory();
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture("torch_model.json")));
        var model = new Net();

        var result = model.LoadSafetensors(Fixture("torch_model.safetensors"));

        Assert.Empty(result.MissingNames);
        Assert.Equal("pt", result.Metadata["format"]);
        var state = model.state_dict();
        foreach (var entry in expected.RootElement.GetProperty("tensors").EnumerateObject())
        {
            var actual = state[entry.Name];
            Assert.Equal(entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), actual.shape);
            var values = entry.Value.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(values, actual.to(ScalarType.Float64).data<double>().ToArray());
        }

        Assert.Equal(3L, state["body.1.num_batches_tracked"].item<long>());
        Assert.Equal(ScalarType.BFloat16, state["head.weight"].dtype);
        model.eval();
        var input = tensor(expected.RootElement.GetProperty("input").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetSingle())).ToArray()).reshape(2, 3);
        var output = model.call(input).data<float>().ToArray();
        var torchOutput = expected.RootElement.GetProperty("output").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        Assert.All(output.Zip(torchOutput), pair => Assert.Equal(pair.Second, pair.First, 0.02f));

        model.SaveSafetensors("again.safetensors", result.Metadata.ToDictionary());
        Assert.Equal(File.ReadAllBytes(Fixture("torch_model.safetensors")), File.ReadAllBytes("again.safetensors"));
    }

    [Fact]
    public void Every_dtype_TorchSharp_has_goes_through_a_file_and_complex_numbers_are_refused_by_name()
    {
        using var folder = new TemporaryWorkingDirectory();
        var tensors = new Dictionary<string, Tensor>
        {
            ["bool"] = tensor(new[] { true, false, true }),
            ["uint8"] = tensor(new byte[] { 0, 200, 255 }),
            ["int8"] = tensor(new sbyte[] { -128, 0, 127 }),
            ["int16"] = tensor(new short[] { -30000, 1, 30000 }),
            ["int32"] = tensor(new[] { int.MinValue, 0, int.MaxValue }).reshape(3, 1),
            ["int64"] = tensor(long.MaxValue),
            ["float16"] = tensor(new[] { 0.5f, -1f, 65504f }).to(ScalarType.Float16),
            ["bfloat16"] = tensor(new[] { 0.5f, -1f, 3e38f }).to(ScalarType.BFloat16),
            ["float32"] = tensor(new[] { 1e-30f, float.MaxValue }),
            ["float64"] = tensor(new[] { Math.PI }),
            ["empty"] = zeros(0, 3),
        };

        SafetensorsFile.Save("all.safetensors", tensors);
        var read = SafetensorsFile.ReadTensors("all.safetensors");

        Assert.Equal(tensors.Keys.Order(), read.Keys.Order());
        foreach (var (name, original) in tensors)
        {
            Assert.Equal(original.dtype, read[name].dtype);
            Assert.Equal(original.shape, read[name].shape);
            Assert.True(original.eq(read[name]).all().item<bool>(), name);
        }

        var complex = Assert.Throws<NotSupportedException>(() => SafetensorsFile.Save("complex.safetensors", new Dictionary<string, Tensor> { ["z"] = ones(2).to(ScalarType.ComplexFloat32) }));
        Assert.Contains("'z' is ComplexFloat32", complex.Message);
        Assert.False(File.Exists("complex.safetensors"));
    }

    [Fact]
    public void A_file_that_does_not_fit_the_model_names_each_tensor_and_changes_nothing_and_a_non_strict_load_loads_what_fits()
    {
        using var folder = new TemporaryWorkingDirectory();
        SafetensorsFile.Save("other.safetensors", new Dictionary<string, Tensor>
        {
            ["fc.weight"] = full(1, 2, 7f, dtype: ScalarType.Float64),
            ["fc.extra"] = ones(3),
            ["count"] = tensor(9L),
        });
        var model = new Tiny();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var strict = Assert.Throws<InvalidDataException>(() => model.LoadSafetensors("other.safetensors"));
        Assert.Contains("'other.safetensors' does not fit Tiny", strict.Message);
        Assert.Contains("missing from the file (1): fc.bias", strict.Message);
        Assert.Contains("not in the model (1): fc.extra", strict.Message);
        Assert.Contains("strict: false", strict.Message);
        Assert.All(before, p => Assert.True(p.Value.eq(model.state_dict()[p.Key]).all().item<bool>()));

        // The tensors both have load, converted to the model's dtype (a float64 weight into a float32 Linear), as in PyTorch.
        var result = model.LoadSafetensors("other.safetensors", strict: false);
        Assert.Equal(["fc.bias"], result.MissingNames);
        Assert.Equal(["fc.extra"], result.UnexpectedNames);
        Assert.Equal(ScalarType.Float32, model.state_dict()["fc.weight"].dtype);
        Assert.Equal([7f, 7f], model.state_dict()["fc.weight"].data<float>().ToArray());
        Assert.Equal(9L, model.state_dict()["count"].item<long>());

        SafetensorsFile.Save("wide.safetensors", new Dictionary<string, Tensor> { ["fc.weight"] = ones(1, 3) });
        var shape = Assert.Throws<InvalidDataException>(() => model.LoadSafetensors("wide.safetensors", strict: false));
        Assert.Contains("'fc.weight' is [1, 3] in the file and [1, 2] in the model", shape.Message);
        Assert.Contains("never loaded, strict or not", shape.Message);
    }

    public static TheoryData<string, string> Damaged => new()
    {
        { "cut", "it was cut short" },
        { "trailing", "bytes after its last tensor's data" },
        { "huge header", "more than the format's limit" },
        { "not json", "its header is not valid JSON" },
        { "unknown dtype", "the unknown dtype \"F33\"" },
        { "wrong size", "'a' has 8 bytes of data, but its shape [3] of F32 needs 12" },
        { "gap", "'b' begins at byte 16 of the data, leaving a gap after byte 12" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_damaged_or_malformed_file_is_refused_naming_the_file_and_what_is_wrong(string damage, string expected)
    {
        using var folder = new TemporaryWorkingDirectory();
        var bytes = damage switch
        {
            "cut" => Bytes(Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}"), 8),
            "trailing" => Bytes(Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}"), 13),
            "huge header" => BitConverter.GetBytes(ulong.MaxValue / 2),
            "not json" => Bytes(Header("{\"a\":{\"dtype\":"), 0),
            "unknown dtype" => Bytes(Header("{\"a\":{\"dtype\":\"F33\",\"shape\":[3],\"data_offsets\":[0,12]}}"), 12),
            "wrong size" => Bytes(Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}"), 8),
            _ => Bytes(Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}"), 20),
        };
        File.WriteAllBytes("bad.safetensors", bytes);

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.ReadTensors("bad.safetensors"));
        Assert.StartsWith("'bad.safetensors' is not a valid safetensors file: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    private static byte[] Header(string json)
    {
        var text = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + text.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] Bytes(byte[] header, int dataBytes) => [.. header, .. new byte[dataBytes]];
}
