"""roamreplay's reference rule over the harness protocol: passes every log.

roamreplay drive --sut "python3 examples/sut/reference_cache.py" logs/
"""

import pmksa_sut

if __name__ == "__main__":
    pmksa_sut.serve(pmksa_sut.Cache())
