"""Closed forms of Biot's poroelasticity for the consolidation checks (run_terzaghi.py, run_undrained.py), and the
reading of a consolidation run's parameters from its HDF5 output (the options it ran with).

Notation (kernels/biot.h): alpha Biot coefficient, inv_m = 1/M = n c_w + (alpha - n) c_s, mobility kappa = K / (rho_w g)
(g = 9.81, DIO_FLOW_CONDUCTIVITY_GRAVITY), drained constrained modulus K_v = lambda + 2 mu, bulk modulus K_d.
References: Verruijt, Theory and Problems of Poroelasticity (2016), ch. 2 (Terzaghi) and 3; Wang, Theory of Linear
Poroelasticity (2000), ch. 3 (undrained response: B, nu_u); Detournay & Cheng (1993)."""
import math
import re

import numpy as np

G_CONDUCTIVITY = 9.81


def options_of(f):
    opts = f.attrs["options"]
    opts = opts.decode() if isinstance(opts, bytes) else str(opts)
    pairs = re.findall(r"-([A-Za-z]\S*)(?:\s+(-?[0-9.]\S*|[^-\s]\S*))?", opts)  # negative numbers are values
    return {k.lower(): v for k, v in pairs}


class Layer:
    """The column's material from the options of the run (the case file sets every value it relies on)."""

    def __init__(self, opts):
        name = opts["consolidation_layer"].lower()
        get = lambda key, default=None: float(opts.get("materials_%s_%s" % (name, key), default))
        self.E, self.nu = get("youngs_modulus"), get("poissons_ratio")
        self.n, self.alpha = get("porosity"), get("biot_coefficient", 1.0)
        self.c_s = get("grain_compressibility", 0.0)
        self.c_w = float(opts.get("materials_pore_water_compressibility", 4.6e-10))
        self.rho_w = float(opts.get("loads_water_density", 1025))
        self.kappa = get("hydraulic_conductivity") / (self.rho_w * G_CONDUCTIVITY)
        self.lam = self.E * self.nu / ((1 + self.nu) * (1 - 2 * self.nu))
        self.mu = self.E / (2 * (1 + self.nu))
        self.K_v = self.lam + 2 * self.mu
        self.K_d = self.lam + 2 * self.mu / 3
        self.inv_m = self.n * self.c_w + (self.alpha - self.n) * self.c_s

    def terzaghi(self, load, height):
        """Initial excess pressure p0, consolidation coefficient c_v, immediate and final settlement (1D)."""
        denom = self.K_v * self.inv_m + self.alpha ** 2
        p0 = self.alpha * load / denom
        c_v = self.kappa * self.K_v / denom
        return p0, c_v, load * height * self.inv_m / denom, load * height / self.K_v

    def undrained(self):
        """Skempton's B and the undrained Poisson's ratio of the 3D skeleton."""
        B = self.alpha / (self.K_d * self.inv_m + self.alpha ** 2)
        K_u = self.K_d + (self.alpha ** 2 / self.inv_m if self.inv_m > 0 else math.inf)
        nu_u = 0.5 if math.isinf(K_u) else (3 * K_u - 2 * self.mu) / (2 * (3 * K_u + self.mu))
        return B, nu_u


def terzaghi_degree(T, terms=200):
    """Degree of consolidation U(T) = 1 - sum 8 / (M^2 pi^2) exp(-M^2 pi^2 T / 4), M = 2m + 1."""
    M = 2 * np.arange(terms) + 1
    return 1 - np.sum(8 / (M ** 2 * np.pi ** 2) * np.exp(-np.outer(np.atleast_1d(T), M ** 2) * np.pi ** 2 / 4), axis=1)


def terzaghi_pressure(y, T, terms=200):
    """p / p0 at distance y / H from the drained top: sum 4 / (M pi) sin(M pi y / 2) exp(-M^2 pi^2 T / 4)."""
    M = 2 * np.arange(terms) + 1
    return np.sum(4 / (M * np.pi) * np.sin(np.outer(np.atleast_1d(y), M) * np.pi / 2) * np.exp(-M ** 2 * np.pi ** 2 * T / 4), axis=1)
