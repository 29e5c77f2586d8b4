const FALLBACK =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAABHNCSVQICAgIfAhkiAAAAAlwSFlzAAAA7AAAAOwBeShxvQAAABl0RVh0U29mdHdhcmUAd3d3Lmlua3NjYXBlLm9yZ5vuPBoAAAKfSURBVFiF7ZdNaBNBFMd/s9lstknTxqY2VmsVFXsRBRXx4EEQPHkQ8eBJ8ORZ8OBBT3oQvHnw6sGLIIgIHgQPgqAHEUFEBBWtVq1tTdM02Wzmw0NsaZO02Y8KHvzDsuyb9+b95+1/3ryVlFL8T4j/yv6fAFhRT5AkSZYk7gWuAl1AbQH3BPAO+BT4O62U+7lQjIgDtSOlCu0CbgJt23vNfN2xAZuAPcBq4CHwLPBV2clfAKWOl8oUuASsHx6OBkx0F7S2tnKpsjN3y+3xGsxXa5LpU0xCAEkHwA8wpAV+VtXN+4DqzjJ7R9lkTbF3BsGzBhYzDNrlUPe2sTezRnsZsMDXjbqxZiA11rWZO+kVZkxTsH5WmdGrV0RmjH6EhlN4mImOi+7S7G3HpojuZ+axPbrePsDtnFvrSlXlY7qhqZ4BrmfdQt3l4ejyrhqdnwQdY+hHFl3cR7HdrGnWtJJcnt1tUx8a0bYYhOqCJX6i1T6v+hftbdvdurPgeqxbmVjvLzEy0lGl3C6GrKhnFlbVgbyG+V73k+TY+f5HFgUSGsaf6zr/2IFhDtPtMdWX2/lPqGc8UuJxj9E2qmy1q9uv5JVoTTV9/w3sOenm5ZhxRYhL4PUO9gqm8oNR/Qmv/GZzHqbvl9wzBcYeBIJuXoQz9DoDvvzDmpbADYD/QAAAABJRU5ErkJggg==';

export default function Avatar({ user, size = 32 }) {
  return (
    <img
      className="avatar"
      src={user.avatarUrl ?? FALLBACK}
      alt={user.name}
      width={size}
      height={size}
      loading="lazy"
    />
  );
}
