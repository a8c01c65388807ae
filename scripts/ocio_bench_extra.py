"""OpenColorIO 2.6 timings for the bench chains that ../shared/oracle/ocio_bench.py does not hold,
measured the same way (one UHD RGBA f32 frame of seeded LogC3 code values, a numpy copy of the
frame inside each timed run, the default CPU processor, rows split over threads) and printed in
its line format, so scripts/bench reads both alike.
Also the chains inverted (NAME.inv), on the code values frame.
Usage: python ocio_bench_extra.py SHARED_DIR [runs=5]"""
import statistics
import sys
import threading
import time

import numpy as np
import PyOpenColorIO as ocio

SHARED, RUNS = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
W, H = 3840, 2160
INV = ocio.TRANSFORM_DIR_INVERSE


def builtin(style, direction=ocio.TRANSFORM_DIR_FORWARD):
    return ocio.BuiltinTransform(style=style, direction=direction)


grade = ocio.CDLTransform(slope=[1.1, 1.0, 0.9], offset=[0.0, 0.0, 0.01], power=[1.0, 1.05, 1.0], sat=0.9)
grade.setStyle(ocio.CDL_NO_CLAMP)
lmt = ocio.FileTransform(src=f"{SHARED}/corpus/amf/c-clark-samples/valid/MasterLookBright_O-Rec709.clf",
                         interpolation=ocio.INTERP_BEST)
# plugin/tests/data/bench/e_logc3_cdl_clf_aces2_709.amf: chain b with the show LMT after the grade.
CHAINS = {
    "e_logc3_cdl_clf_aces2_709": [
        builtin("ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1"),
        builtin("ACEScct_to_ACES2065-1", INV), grade, builtin("ACEScct_to_ACES2065-1"),
        lmt,
        builtin("ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-100nit-REC709_2.0"),
        builtin("DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709"),
    ],
}

# The bench chains inverted (display code values back to ACES2065-1, or to LogC3 for b), as
# `amfx bench --inverse` times them: the same built-ins, the group run in reverse, fed the code
# values frame.
OT20_709 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-100nit-REC709_2.0"
OT20_P3PQ = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-1000nit-P3-D65_2.0"
OT10_709 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0"
REC709 = "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709"
INVERTED = {
    "a_aces2_sdr709.inv": [builtin(OT20_709), builtin(REC709)],
    "b_logc3_cdl_aces2_709.inv": [
        builtin("ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1"),
        builtin("ACEScct_to_ACES2065-1", INV), grade, builtin("ACEScct_to_ACES2065-1"),
        builtin(OT20_709), builtin(REC709),
    ],
    "c_aces1_sdrvideo709.inv": [builtin(OT10_709), builtin(REC709)],
    "d_aces2_hdr1000_p3pq.inv": [builtin(OT20_P3PQ), builtin("DISPLAY - CIE-XYZ-D65_to_ST2084-P3-D65")],
    # The LMT's 33³ LUT3D inverted: OpenColorIO's default processor bakes that inverse into a
    # forward LUT (its fast inversion); amfx solves it per pixel, exactly.
    "e_logc3_cdl_clf_aces2_709.inv": CHAINS["e_logc3_cdl_clf_aces2_709"],
}
for name, chain in INVERTED.items():
    CHAINS[name] = ocio.GroupTransform(chain, direction=INV)

config = ocio.Config.CreateRaw()
codes = np.random.default_rng(1).random((H, W, 4), dtype=np.float32)
codes[..., 3] = 1.0


def median_ms(run):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def apply_threads(cpu, frame, threads):
    bands = np.array_split(np.arange(H), threads)
    workers = [threading.Thread(target=cpu.applyRGBA, args=(frame[rows[0]:rows[-1] + 1],))
               for rows in bands]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


for name, chain in CHAINS.items():
    start = time.perf_counter()
    group = chain if isinstance(chain, ocio.GroupTransform) else ocio.GroupTransform(chain)
    cpu = config.getProcessor(group).getDefaultCPUProcessor()
    build_ms = (time.perf_counter() - start) * 1e3
    frame = codes.copy()
    result = {}
    for threads in (1, 2):
        def run():
            np.copyto(frame, codes)
            apply_threads(cpu, frame, threads)
        result[threads] = median_ms(run)
    print(f"{name:24s} default  build {build_ms:6.1f} ms | 1T median {result[1]:7.1f} ms "
          f"| 2T median {result[2]:7.1f} ms", flush=True)
