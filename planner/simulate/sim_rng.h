/*
 * sim_rng.h -- the simulation's own generator (library-internal).
 *
 * xoshiro256** (Blackman & Vigna) seeded through splitmix64, so a stream is
 * the same on every platform and the module needs no GSL.  Replication r uses
 * the stream seeded from splitmix64(seed) mixed with r: streams of different
 * replications do not depend on each other or on the thread that runs them.
 */
#ifndef PEAKPLAN_SIM_RNG_H
#define PEAKPLAN_SIM_RNG_H

#include <math.h>
#include <stdint.h>

typedef struct pp_sim_rng {
    uint64_t s[4];
} pp_sim_rng;

static inline uint64_t pp_sim_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The stream of replication `rep` under `seed`. */
static inline void pp_sim_rng_seed(pp_sim_rng *r, uint64_t seed, uint64_t rep)
{
    uint64_t x = seed;
    uint64_t base = pp_sim_splitmix64(&x);
    /* a second splitmix pass over (base, rep) keeps neighbouring replications apart */
    x = base ^ (rep * 0xd1342543de82ef95ULL + 0x632be59bd9b4e019ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = pp_sim_splitmix64(&x);
}

static inline uint64_t pp_sim_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t pp_sim_next(pp_sim_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = pp_sim_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = pp_sim_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1), 53 bits. */
static inline double pp_sim_uniform(pp_sim_rng *r)
{
    return (double)(pp_sim_next(r) >> 11) * 0x1.0p-53;
}

/* Exponential with the given mean (1 - u is in (0, 1], so log is finite). */
static inline double pp_sim_exp(pp_sim_rng *r, double mean)
{
    return -mean * log(1.0 - pp_sim_uniform(r));
}

/* Standard normal (Box-Muller, one value per call: simple and stateless). */
static inline double pp_sim_normal(pp_sim_rng *r)
{
    double u1 = 1.0 - pp_sim_uniform(r), u2 = pp_sim_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

#endif
