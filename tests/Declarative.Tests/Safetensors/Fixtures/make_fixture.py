"""Writes torch_model.safetensors and torch_model.json: a real PyTorch model's state_dict in the safetensors layout.

The `safetensors` package is not needed (nor reachable where this was run): the file is written from the format's
published layout with torch, json and struct only, in the reference implementation's order (tensors by descending
dtype, then by name; compact JSON, __metadata__ first; the header padded with spaces to a multiple of 8 bytes).
The JSON holds every tensor's values and the model's output on a fixed input, for the test to compare against.

Run with a Python that has torch (Debian: apt-get install python3-torch; /usr/bin/python3 make_fixture.py).
The tests never run it: they read the two files it wrote, checked in beside it.
"""
import json
import struct

import torch
from torch import nn

# The reference's dtype order (safetensors' Dtype enum), and each torch dtype's name in the format.
ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
CODES = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16", torch.float16: "F16",
         torch.bfloat16: "BF16", torch.int32: "I32", torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
        self.head = nn.Linear(2, 2).to(torch.bfloat16)

    def forward(self, x):
        return self.head(self.body(x).to(torch.bfloat16)).float()


def raw_bytes(tensor):
    # Little-endian, row-major, contiguous: the bytes of a contiguous CPU tensor on a little-endian machine.
    tensor = tensor.detach().cpu().contiguous()
    return tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""


def save(tensors, metadata, path):
    entries = sorted(tensors.items(), key=lambda item: (-ORDER.index(CODES[item[1].dtype]), item[0].encode()))
    header, data, offset = {"__metadata__": metadata}, b"", 0
    for name, tensor in entries:
        chunk = raw_bytes(tensor)
        header[name] = {"dtype": CODES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(chunk)]}
        offset += len(chunk)
        data += chunk
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)) + text + data)


def main():
    torch.manual_seed(7)
    model = Net()
    model.train()
    for _ in range(3):  # running statistics and num_batches_tracked move away from their initial values
        model(torch.randn(5, 3))
    model.eval()
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
    with torch.no_grad():
        output = model(x)
    state = model.state_dict()
    save(state, {"format": "pt", "written_by": "make_fixture.py"}, "torch_model.safetensors")
    expected = {
        "torch": torch.__version__,
        "tensors": {name: {"dtype": CODES[t.dtype], "shape": list(t.shape), "values": t.float().flatten().tolist() if t.is_floating_point() else t.flatten().tolist()}
                    for name, t in state.items()},
        "input": x.tolist(),
        "output": output.tolist(),
    }
    with open("torch_model.json", "w") as file:
        json.dump(expected, file, indent=1)


if __name__ == "__main__":
    main()
