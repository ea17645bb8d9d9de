"""GPU checks of issue 12 that CI cannot run: CUDA graphs against op-by-op launches (same features within bfloat16
rounding, time of a batch of 64). Run on a lent GPU machine (see the tool library's device README), in one call:

  here, once:   echo /.whl/ >> .git/info/exclude; python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
                  --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
                  fastai==2.8.7 fastcore==1.14.5 fastdownload==0.0.8 fastprogress==1.0.3 fasttransform==0.0.2 plum-dispatch \
                  beartype==0.23.1 imbalanced-learn sklearn-compat kymatio==0.3.0
                (fastprogress 1.0.3: 1.1 imports fasthtml, which that machine lacks)
  there (carry .whl):
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site:$PWD HF_HUB_OFFLINE=1
    python3 tools/gpu_check.py
    python3 -W ignore -m ftir_nbdev.bench --what features --device cuda --n 2000 --mem '' --rounds 1 --batch_size 128 --e2e_batches 64
    FTIR_CUDA_GRAPHS=1 python3 -W ignore -m ftir_nbdev.bench --what features --device cuda --n 2000 --mem '' --rounds 1 --batch_size 128 --e2e_batches 64
"""
import time, warnings; warnings.simplefilter('ignore')
import numpy as np, torch
import ftir_nbdev.features.cnn as cnn
from ftir_nbdev.bench import bench_images
from ftir_nbdev.data.images import load_image
from ftir_nbdev.fusion import make_extractors
imgs = np.stack([load_image(p) for p in bench_images(64, 224)])
for e in make_extractors(['resnet101', 'efficientnet_b0'], weights=None, device='cuda', size=224, batch_size=64):
    res = {}
    for g in (False, True):
        cnn.CUDA_GRAPHS = g; F = e.batch(imgs); e.batch(imgs); torch.cuda.synchronize()
        t = time.perf_counter()
        for _ in range(10): e.batch(imgs)
        res[g] = (F, (time.perf_counter() - t)/10)
    d = np.abs(res[True][0] - res[False][0]).max() / max(1e-6, np.abs(res[False][0]).max())
    print(f'{e.name}: graphs {res[True][1]*1e3:.1f} ms, op by op {res[False][1]*1e3:.1f} ms a batch of 64; largest difference {d:.1e} of the largest feature; graphs held: {list(e._graphs)}', flush=True)
