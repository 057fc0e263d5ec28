"""Neumann's two-phase solution of a phase-change front driven by a step in surface temperature (Carslaw & Jaeger,
sect. 11.2), shared by run_neumann_freezing.py (freezing) and run_thaw_column.py (thaw)."""
import math


def front_coefficient(k1, C1, dT1, k2, C2, dT2, L):
    """lambda of the front X(t) = 2 lambda sqrt(alpha_1 t): phase 1 between the surface and the front (conductivity k1
    W/m/K, heat capacity C1 J/m3/K, dT1 = |T_surface - T_f|), phase 2 beyond it (k2, C2, dT2 = |T_f - T_initial|), L
    the volumetric latent heat (J/m3): the root of
    k1 dT1 e^(-l^2) / (erf(l) sqrt(pi a1)) - k2 dT2 e^(-l^2 nu^2) / (erfc(l nu) sqrt(pi a2)) = L l sqrt(a1),
    a = k / C, nu = sqrt(a1 / a2), by bisection."""
    a1, a2 = k1 / C1, k2 / C2
    nu = math.sqrt(a1 / a2)

    def balance(lam):
        near = k1 * dT1 * math.exp(-lam * lam) / (math.erf(lam) * math.sqrt(math.pi * a1))
        far = k2 * dT2 * math.exp(-lam * lam * nu * nu) / (math.erfc(lam * nu) * math.sqrt(math.pi * a2))
        return near - far - L * lam * math.sqrt(a1)

    lo, hi = 1e-8, 5.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if balance(mid) > 0 else (lo, mid)
    return 0.5 * (lo + hi)
