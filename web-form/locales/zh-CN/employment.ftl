# The worker's employment mode and the employer's unified social credit code.
