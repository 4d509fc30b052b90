/* SPDX-License-Identifier: ISC */
/*
 * bench_opt.h - the command line every benchmark has: -h, and one option
 * with a whole number (runs per figure, seconds per figure).
 */
#ifndef BENCH_OPT_H
#define BENCH_OPT_H

/**
 * struct bench_opt - a benchmark's command line.
 * @prog:   the program's name.
 * @letter: its option's letter ('r').
 * @arg:    the option's argument in words ("runs").
 * @help:   what the option says ("runs per figure").
 * @max:    its largest value (the smallest is 1).
 * @value:  its default on entry, the value given on return.
 */
struct bench_opt {
	const char *prog;
	char letter;
	const char *arg;
	const char *help;
	unsigned int max;
	unsigned int *value;
};

/**
 * bench_opt_parse() - read the command line; -h prints the usage.
 * @o:    the command line's description.
 * @argc: main()'s.
 * @argv: main()'s.
 *
 * Return: -1 to go on and measure, or the exit status to end with (0
 * after -h, 2 after a mistake, the usage printed).
 */
int bench_opt_parse(const struct bench_opt *o, int argc, char **argv);

#endif /* BENCH_OPT_H */
