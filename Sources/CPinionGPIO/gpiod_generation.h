/* CPinionGPIO: decides which libgpiod API the installed header offers. libgpiod 1.x
 * defines GPIOD_LINE_BULK_MAX_LINES (line bulks were removed in 2.0). */
#ifndef PINION_GPIOD_GENERATION_H
#define PINION_GPIOD_GENERATION_H
#include <gpiod.h>
#if defined(GPIOD_LINE_BULK_MAX_LINES)
#define PINION_GPIOD_V1 1
#else
#define PINION_GPIOD_V2 1
#endif
#endif
